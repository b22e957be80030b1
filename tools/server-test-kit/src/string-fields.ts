// Every place a request can carry a string, found from the compiled protocol itself (buf's
// descriptors of packages/protos/proto), so a test that fills each one covers a new field or RPC
// without being edited. A "slot" is a path to one string: a field, a list element, a map key or a
// map value, at any depth.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { workspaceRoot } from './workspace-root';

interface FieldDescriptor {
  name: string;
  jsonName: string;
  label: string;
  type: string;
  typeName?: string;
}
interface MessageDescriptor {
  name: string;
  field?: FieldDescriptor[];
  nestedType?: MessageDescriptor[];
  options?: { mapEntry?: boolean };
}
interface FileDescriptor {
  name: string;
  package: string;
  messageType?: MessageDescriptor[];
  service?: { name: string; method: { name: string; inputType: string }[] }[];
}

export type SlotStep = { field: string } | { element: true } | { mapKey: true } | { mapValue: true };

export interface StringSlot {
  /** e.g. `docker_env_vars[key]`, `partition_connections[value].connection_info[key]` */
  name: string;
  steps: SlotStep[];
}

export interface RpcDescription {
  /** "/api_container_api.ApiContainerService/RegisterService", as grpc-js calls it */
  path: string;
  method: string;
  /** The request message's name, e.g. "RegisterServiceArgs". */
  inputType: string;
  slots: StringSlot[];
}

export class ProtocolDescriptors {
  private readonly messages = new Map<string, MessageDescriptor>();

  private constructor(private readonly files: FileDescriptor[]) {
    const index = (prefix: string, message: MessageDescriptor) => {
      const fullName = `${prefix}.${message.name}`;
      this.messages.set(fullName, message);
      for (const nested of message.nestedType ?? []) index(fullName, nested);
    };
    for (const file of files) for (const message of file.messageType ?? []) index(`.${file.package}`, message);
  }

  /** Compiles packages/protos/proto with the buf binary of the workspace (no network). */
  static load(): ProtocolDescriptors {
    const root = workspaceRoot();
    const json = execFileSync(path.join(root, 'node_modules/.bin/buf'), ['build', '--exclude-source-info', '-o', '-#format=json'], {
      cwd: path.join(root, 'packages/protos'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return new ProtocolDescriptors((JSON.parse(json) as { file: FileDescriptor[] }).file);
  }

  /** Every RPC of a service ("api_container_api.ApiContainerService") with the string slots of its request. */
  rpcsOf(qualifiedService: string): RpcDescription[] {
    for (const file of this.files) {
      for (const service of file.service ?? []) {
        if (`${file.package}.${service.name}` !== qualifiedService) continue;
        return service.method.map((m) => ({
          path: `/${qualifiedService}/${m.name}`,
          method: m.name,
          inputType: m.inputType.split('.').pop() as string,
          slots: this.slotsOf(m.inputType),
        }));
      }
    }
    throw new Error(`No service ${qualifiedService} in the compiled protocol`);
  }

  /** Every string slot of a message (by its full name, ".api_container_api.StartServiceArgs"). */
  slotsOf(messageFullName: string, depth = 0): StringSlot[] {
    if (depth > 8) throw new Error(`Messages nest deeper than expected at ${messageFullName}`);
    const message = this.messages.get(messageFullName);
    if (!message) throw new Error(`No message ${messageFullName} in the compiled protocol`);
    const slots: StringSlot[] = [];
    const nestedSlots = (typeName: string, prefix: string, steps: SlotStep[]) =>
      this.slotsOf(typeName, depth + 1).map((s) => ({ name: `${prefix}.${s.name}`, steps: [...steps, ...s.steps] }));
    for (const field of message.field ?? []) {
      const step: SlotStep = { field: field.jsonName };
      const repeated = field.label === 'LABEL_REPEATED';
      const entry = field.typeName ? this.messages.get(field.typeName) : undefined;
      if (repeated && entry?.options?.mapEntry) {
        const [key, value] = entry.field ?? [];
        if (key.type === 'TYPE_STRING') slots.push({ name: `${field.name}[key]`, steps: [step, { mapKey: true }] });
        if (value.type === 'TYPE_STRING') slots.push({ name: `${field.name}[value]`, steps: [step, { mapValue: true }] });
        if (value.type === 'TYPE_MESSAGE') slots.push(...nestedSlots(value.typeName as string, `${field.name}[value]`, [step, { mapValue: true }]));
      } else if (field.type === 'TYPE_STRING') {
        slots.push(repeated ? { name: `${field.name}[0]`, steps: [step, { element: true }] } : { name: field.name, steps: [step] });
      } else if (field.type === 'TYPE_MESSAGE') {
        const steps: SlotStep[] = repeated ? [step, { element: true }] : [step];
        slots.push(...nestedSlots(field.typeName as string, repeated ? `${field.name}[0]` : field.name, steps));
      }
    }
    return slots;
  }
}

type Json = Record<string, unknown>;

/**
 * A copy of `base` (a partial message, camelCase fields) with `value` at the slot: in the first
 * element of a list or the first entry of a map (its key replaced, or its value), each made when
 * `base` has none.
 */
export function fillSlot(base: Json, slot: StringSlot, value: string): Json {
  const copy = structuredClone(base);
  fillIn(copy, slot.steps, value);
  return copy;
}

function fillIn(message: Json, steps: SlotStep[], value: string): void {
  const [first, next, ...after] = steps;
  if (!('field' in first)) throw new Error('A slot goes through a message field first');
  const field = first.field;
  if (next === undefined) {
    message[field] = value;
  } else if ('field' in next) {
    const nested = ((message[field] as Json | undefined) ??= {});
    fillIn(nested, steps.slice(1), value);
  } else if ('element' in next) {
    const list = ((message[field] as unknown[] | undefined) ??= []);
    if (after.length === 0) list[0] = value;
    else fillIn((list[0] ??= {}) as Json, after, value);
  } else {
    const map = ((message[field] as Json | undefined) ??= {});
    const [key, entry] = Object.entries(map)[0] ?? ['k', {}];
    if ('mapKey' in next) {
      delete map[key];
      map[value] = entry;
    } else if (after.length === 0) {
      map[key] = value;
    } else {
      map[key] = typeof entry === 'object' && entry !== null ? entry : {};
      fillIn(map[key] as Json, after, value);
    }
  }
}
