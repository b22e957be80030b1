// The cases of the bounded-answers tests: for every RPC of a service, its base request with a huge
// value in one string slot at a time (string-fields.ts), sent through a plain grpc-js client so the
// test measures exactly what comes back and how fast.
import { credentials, Client, Metadata } from '@grpc/grpc-js';
import type { ServiceDefinition, ServiceError } from '@grpc/grpc-js';
import { fillSlot, ProtocolDescriptors } from './string-fields';
import type { RpcDescription } from './string-fields';

type Json = Record<string, unknown>;

/** ts-proto's message objects: enough to turn a partial request into a complete one. */
type MessageCodecs = Record<string, { fromPartial(object: Json): unknown } | unknown>;

/** A base request per RPC (camelCase partial message), or why the RPC is not called. */
export type BaseRequests = Record<string, Json | { skip: string }>;

export interface OversizedCase {
  /** "RegisterService: service_id" */
  name: string;
  method: string;
  path: string;
  /** The complete request message, huge value included. */
  request: unknown;
}

export interface OversizedPlan {
  cases: OversizedCase[];
  /** RPCs the plan does not call, with why. */
  skipped: Record<string, string>;
  /** RPCs of the service the base requests do not mention: a test fails on any. */
  unplanned: string[];
}

type Codec = { fromPartial(object: Json): unknown };

function codecOf(codecs: MessageCodecs, name: string): Codec | undefined {
  const candidate = codecs[name] as Partial<Codec> | undefined;
  return typeof candidate?.fromPartial === 'function' ? (candidate as Codec) : undefined;
}

/**
 * One case per string slot of every RPC of `qualifiedService`, the huge value put into `base`
 * (an RPC without string fields gets one case with its base request as it is).
 */
export function planOversizedRequests(qualifiedService: string, codecs: MessageCodecs, base: BaseRequests, huge: string, emptyCodec: Codec): OversizedPlan {
  const rpcs = ProtocolDescriptors.load().rpcsOf(qualifiedService);
  const plan: OversizedPlan = { cases: [], skipped: {}, unplanned: [] };
  for (const rpc of rpcs) {
    const given = base[rpc.method];
    if (given === undefined) {
      plan.unplanned.push(rpc.method);
      continue;
    }
    if (typeof given['skip'] === 'string') {
      plan.skipped[rpc.method] = given['skip'];
      continue;
    }
    const codec = codecOf(codecs, rpc.inputType) ?? emptyCodec;
    const partials =
      rpc.slots.length === 0
        ? [{ name: `${rpc.method} (no string field)`, partial: given }]
        : rpc.slots.map((slot) => ({ name: `${rpc.method}: ${slot.name}`, partial: fillSlot(given, slot, huge) }));
    for (const { name, partial } of partials) plan.cases.push({ name, method: rpc.method, path: rpc.path, request: codec.fromPartial(partial) });
  }
  return plan;
}

/** The RPCs of a service and their string slots, for tests that build their own requests (bulk commands). */
export function rpcsOf(qualifiedService: string): RpcDescription[] {
  return ProtocolDescriptors.load().rpcsOf(qualifiedService);
}

export interface TimedAnswer {
  ms: number;
  /** 0 for an answer that is not an error. */
  code: number;
  details: string;
  requestBytes: number;
}

/** Calls services by their generated definitions, with a deadline, timing each answer. */
export class TimedCaller {
  private readonly client: Client;
  private readonly methods = new Map<string, ServiceDefinition[string]>();

  constructor(address: string, definitions: ServiceDefinition[]) {
    this.client = new Client(address, credentials.createInsecure());
    for (const definition of definitions) for (const method of Object.values(definition)) this.methods.set(method.path, method);
  }

  call(path: string, request: unknown, deadlineMs: number): Promise<TimedAnswer> {
    const method = this.methods.get(path);
    if (!method) throw new Error(`No generated definition has ${path}`);
    const requestBytes = method.requestSerialize(request).length;
    const started = Date.now();
    return new Promise((resolve) =>
      this.client.makeUnaryRequest(
        path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        new Metadata(),
        { deadline: started + deadlineMs },
        (err: ServiceError | null) => resolve({ ms: Date.now() - started, code: err?.code ?? 0, details: err?.details ?? '', requestBytes }),
      ),
    );
  }

  close(): void {
    this.client.close();
  }
}
