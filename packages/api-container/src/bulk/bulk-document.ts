// The ExecuteBulkCommands document of wire-protocol.md:
//   {"schemaVersion": 0, "body": {"commands": [{"type": "<TYPE>", "args": {...}}, ...]}}
// `args` is the matching *Args message as JSON with snake_case proto field names. Pure.
import { apiContainerApi, invalidArgument } from '@kurtosis-ts/protos';
import { z } from 'zod';

const api = apiContainerApi;

/** Each command type and how its args are read (ts-proto's fromJSON takes snake_case names). */
const ARGS_READERS = {
  LOAD_MODULE: api.LoadModuleArgs.fromJSON,
  EXECUTE_MODULE: api.ExecuteModuleArgs.fromJSON,
  REGISTER_SERVICE: api.RegisterServiceArgs.fromJSON,
  START_SERVICE: api.StartServiceArgs.fromJSON,
  REMOVE_SERVICE: api.RemoveServiceArgs.fromJSON,
  REPARTITION: api.RepartitionArgs.fromJSON,
  EXEC_COMMAND: api.ExecCommandArgs.fromJSON,
  WAIT_FOR_HTTP_GET_ENDPOINT_AVAILABILITY: api.WaitForHttpGetEndpointAvailabilityArgs.fromJSON,
  WAIT_FOR_HTTP_POST_ENDPOINT_AVAILABILITY: api.WaitForHttpPostEndpointAvailabilityArgs.fromJSON,
  EXECUTE_BULK_COMMANDS: api.ExecuteBulkCommandsArgs.fromJSON,
  GET_SERVICES: () => ({}),
  GET_MODULES: () => ({}),
} as const;

export type BulkCommandType = keyof typeof ARGS_READERS;
export const BULK_COMMAND_TYPES = Object.keys(ARGS_READERS) as BulkCommandType[];

/** A command with its args already turned into the proto message. */
export type BulkCommand = {
  [T in BulkCommandType]: { type: T; args: ReturnType<(typeof ARGS_READERS)[T]> };
}[BulkCommandType];

export const SUPPORTED_SCHEMA_VERSION = 0;

const documentSchema = z.object({
  schemaVersion: z.literal(SUPPORTED_SCHEMA_VERSION),
  body: z.object({
    commands: z.array(z.object({ type: z.string(), args: z.unknown().optional() })),
  }),
});

const argsSchema = z.record(z.string(), z.unknown()).optional();

/** The protocol ignores args for these, so they are not checked either. */
const TYPES_WITHOUT_ARGS: ReadonlySet<BulkCommandType> = new Set(['GET_SERVICES', 'GET_MODULES']);

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The field names a command's args may use: each field's proto (snake_case) and JSON (camelCase) name. */
function fieldNamesOf(type: BulkCommandType): ReadonlySet<string> {
  // fromJSON of an empty object yields every field at its default (the generated code has no optionals).
  const fields = Object.keys(ARGS_READERS[type]({}));
  return new Set([...fields, ...fields.map(snakeCase)]);
}

export function parseBulkDocument(serialized: string): BulkCommand[] {
  let json: unknown;
  try {
    json = JSON.parse(serialized);
  } catch (err) {
    throw invalidArgument(`serialized_commands is not valid JSON: ${(err as Error).message}`);
  }
  // The version is checked first so that a document of another version is refused for that
  // reason, not for whatever else differs in it.
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const version = (json as { schemaVersion?: unknown }).schemaVersion;
    if (version !== SUPPORTED_SCHEMA_VERSION) {
      const given = version === undefined ? 'no schemaVersion' : `schemaVersion ${JSON.stringify(version)}`;
      throw invalidArgument(`serialized_commands has ${given}; only ${SUPPORTED_SCHEMA_VERSION} is supported`);
    }
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
    throw invalidArgument(`serialized_commands is not a bulk commands document: ${problems}`);
  }
  return parsed.data.body.commands.map(({ type, args }, index) => {
    if (!Object.hasOwn(ARGS_READERS, type)) {
      throw invalidArgument(`Command #${index} has unknown type '${type}'; the types are ${BULK_COMMAND_TYPES.join(', ')}`);
    }
    const commandType = type as BulkCommandType;
    if (TYPES_WITHOUT_ARGS.has(commandType)) return { type: commandType, args: {} } as BulkCommand;
    const object = argsSchema.safeParse(args);
    if (!object.success) throw invalidArgument(`Command #${index} (${commandType}) has args that are not a JSON object`);
    // As protojson does by default: a field the message lacks is an error, not silently dropped.
    const unknown = Object.keys(object.data ?? {}).filter((key) => !fieldNamesOf(commandType).has(key));
    if (unknown.length > 0) {
      throw invalidArgument(`Command #${index} (${commandType}) has args with unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`);
    }
    return { type: commandType, args: ARGS_READERS[commandType](object.data ?? {}) } as BulkCommand;
  });
}
