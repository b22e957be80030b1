// The module launch contract (docs/protocol.md, the environment contract): one environment variable, SERIALIZED_ARGS, a
// JSON object with exactly five keys, no string empty or blank.
import { z } from 'zod';

export const SERIALIZED_ARGS_ENV_VAR = 'SERIALIZED_ARGS';

const nonBlank = z.string().refine((s) => s.trim() !== '', { message: 'must not be empty or blank' });

const serializedArgsSchema = z.object({
  enclaveId: nonBlank,
  listenPortNum: z.number().int().min(1).max(65535),
  apiContainerSocket: nonBlank,
  serializedCustomParams: nonBlank,
  enclaveDataDirMountpoint: nonBlank,
});

export type ModuleLaunchArgs = z.infer<typeof serializedArgsSchema>;

/** Reads SERIALIZED_ARGS; throws an error naming the variable and every missing or invalid key. */
export function parseSerializedArgs(env: NodeJS.ProcessEnv = process.env): ModuleLaunchArgs {
  const raw = env[SERIALIZED_ARGS_ENV_VAR];
  if (raw === undefined || raw.trim() === '') {
    throw new Error(`${SERIALIZED_ARGS_ENV_VAR} is not set: a module is started by the API container, which sets it`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${SERIALIZED_ARGS_ENV_VAR} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = serializedArgsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `'${i.path.join('.') || '(root)'}' ${i.message}`).join('; ');
    throw new Error(`${SERIALIZED_ARGS_ENV_VAR} is invalid: ${problems}`);
  }
  return parsed.data;
}
