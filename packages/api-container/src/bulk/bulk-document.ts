// The ExecuteBulkCommands document of docs/protocol.md:
//   {"schemaVersion": 0, "body": {"commands": [{"type": "<TYPE>", "args": {...}}, ...]}}
// `args` is the matching *Args message as JSON with snake_case proto field names (camelCase JSON names
// are taken too). A key the protocol does not define is INVALID_ARGUMENT at any depth, `__proto__`,
// `constructor` and `toString` included. Pure.
import { invalid } from '@kurtosis-ts/domain';
import { apiContainerApi, quote } from '@kurtosis-ts/protos';
import { z } from 'zod';
import { quoteList } from '../bounds/quoted-list';

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
/** Commands one document may hold. */
export const MAX_BULK_COMMANDS = 10_000;
/** Problems one refusal lists; a document may have thousands. */
const MAX_LISTED_PROBLEMS = 5;

// Strict at every level: a key the protocol does not define is refused, not dropped.
const documentSchema = z.strictObject({
  schemaVersion: z.literal(SUPPORTED_SCHEMA_VERSION),
  body: z.strictObject({
    commands: z.array(z.strictObject({ type: z.string(), args: z.unknown().optional() })).max(MAX_BULK_COMMANDS),
  }),
});

/** The protocol ignores args for these, so they are not checked either. */
const TYPES_WITHOUT_ARGS: ReadonlySet<BulkCommandType> = new Set(['GET_SERVICES', 'GET_MODULES']);

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type JsonObject = Record<string, unknown>;

/** A JSON object as JSON.parse makes them (own keys only, `__proto__` included, as a plain key). */
function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What ts-proto gives a map field by default (a message field is undefined, a list is []). */
function isMapDefault(value: unknown): boolean {
  return isJsonObject(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Parses `inner` as the message at one place inside a command's args: the readers of nested
 * messages are not exported on their own, so each level is read through the command's reader.
 */
type ReadAt = (inner: JsonObject) => JsonObject;

/**
 * Refuses any key of `json` that is not a field of the message `readAt` reads (by its proto or JSON
 * name), at every depth, as protojson does. The fields of each level are found from the generated
 * code itself (fromJSON of {} yields every field at its default), so a new field is known at once.
 */
function checkFields(json: JsonObject, readAt: ReadAt, path: string, refuse: (problem: string) => never): void {
  const defaults = readAt({});
  const fieldOf = new Map<string, string>();
  for (const field of Object.keys(defaults)) fieldOf.set(field, field).set(snakeCase(field), field);
  const unknown = Object.keys(json).filter((key) => !fieldOf.has(key));
  if (unknown.length > 0) refuse(`args with unknown field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}${path ? ` in ${path}` : ''}`);
  for (const [key, value] of Object.entries(json)) {
    const field = fieldOf.get(key) as string;
    const where = path ? `${path}.${key}` : key;
    const fallback = defaults[field];
    if (value === null) continue; // protojson: null is the default
    if (fallback === undefined) {
      if (!isJsonObject(value)) refuse(`args whose ${where} is not a JSON object`);
      checkFields(value, (inner) => readAt({ [field]: inner })[field] as JsonObject, where, refuse);
    } else if (Array.isArray(fallback)) {
      if (!Array.isArray(value)) refuse(`args whose ${where} is not a JSON list`);
      if (typeof (readAt({ [field]: [{}] })[field] as unknown[])[0] !== 'object') continue;
      value.forEach((element, index) => {
        if (!isJsonObject(element)) refuse(`args whose ${where}[${index}] is not a JSON object`);
        checkFields(element, (inner) => (readAt({ [field]: [inner] })[field] as JsonObject[])[0], `${where}[${index}]`, refuse);
      });
    } else if (isMapDefault(fallback)) {
      if (!isJsonObject(value)) refuse(`args whose ${where} is not a JSON object`);
      // The generated code stores map entries as properties: this key would become a prototype.
      if (Object.hasOwn(value, '__proto__')) refuse(`args whose ${where} has the key '__proto__', which no map may hold`);
      const probe = (readAt({ [field]: { k: {} } })[field] as JsonObject)['k'];
      if (typeof probe !== 'object' || probe === null) continue;
      for (const [entryKey, entry] of Object.entries(value)) {
        const entryWhere = `${where}[${quote(entryKey, 64)}]`;
        if (!isJsonObject(entry)) refuse(`args whose ${entryWhere} is not a JSON object`);
        checkFields(entry, (inner) => (readAt({ [field]: { k: inner } })[field] as JsonObject)['k'] as JsonObject, entryWhere, refuse);
      }
    }
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.') || '(document)';
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${quoteList(issue.keys)}`;
  return `${where}: ${issue.message}`;
}

export function parseBulkDocument(serialized: string): BulkCommand[] {
  let json: unknown;
  try {
    json = JSON.parse(serialized);
  } catch (err) {
    // V8's message quotes only a few characters around the error.
    throw invalid(`serialized_commands is not valid JSON: ${(err as Error).message}`);
  }
  // The version is checked first so that a document of another version is refused for that
  // reason, not for whatever else differs in it.
  if (isJsonObject(json)) {
    const version = Object.hasOwn(json, 'schemaVersion') ? json['schemaVersion'] : undefined;
    if (version !== SUPPORTED_SCHEMA_VERSION) {
      const text = JSON.stringify(version);
      const given = version === undefined ? 'no schemaVersion' : `schemaVersion ${text.length <= 64 ? text : `${text.slice(0, 64)}… (${text.length} characters)`}`;
      throw invalid(`serialized_commands has ${given}; only ${SUPPORTED_SCHEMA_VERSION} is supported`);
    }
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, MAX_LISTED_PROBLEMS).map(describeIssue).join('; ');
    const more = issues.length > MAX_LISTED_PROBLEMS ? `; … and ${issues.length - MAX_LISTED_PROBLEMS} more` : '';
    throw invalid(`serialized_commands is not a bulk commands document: ${listed}${more}`);
  }
  return parsed.data.body.commands.map(({ type, args }, index) => {
    if (!Object.hasOwn(ARGS_READERS, type)) {
      throw invalid(`Command #${index} has unknown type ${quote(type, 64)}; the types are ${BULK_COMMAND_TYPES.join(', ')}`);
    }
    const commandType = type as BulkCommandType;
    if (TYPES_WITHOUT_ARGS.has(commandType)) return { type: commandType, args: {} } as BulkCommand;
    const refuse = (problem: string): never => {
      throw invalid(`Command #${index} (${commandType}) has ${problem}`);
    };
    const reader = ARGS_READERS[commandType] as (json: unknown) => JsonObject;
    const given = args === undefined ? {} : args;
    if (!isJsonObject(given)) refuse('args that are not a JSON object');
    checkFields(given as JsonObject, reader, '', refuse);
    return { type: commandType, args: ARGS_READERS[commandType](given) } as BulkCommand;
  });
}
