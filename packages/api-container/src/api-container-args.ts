// The API container's whole configuration arrives as one JSON environment variable from the engine.
import { API_CONTAINER_ARGS_ENV_VAR } from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import { z } from 'zod';

const apiContainerArgsSchema = z.object({
  enclaveId: z.string().trim().min(1),
  ownIpAddress: z.ipv4(),
  listenPort: z.number().int().min(1).max(65535),
  isPartitioningEnabled: z.boolean(),
  logLevel: z.string().trim().min(1),
  version: z.string().trim().min(1),
}) satisfies z.ZodType<ApiContainerArgs>;

/** Parses the environment variable; throws a message naming the variable and every bad key. */
export function parseApiContainerArgs(env: NodeJS.ProcessEnv = process.env): ApiContainerArgs {
  const raw = env[API_CONTAINER_ARGS_ENV_VAR];
  if (raw === undefined || raw.trim() === '') throw new Error(`${API_CONTAINER_ARGS_ENV_VAR} is not set`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${API_CONTAINER_ARGS_ENV_VAR} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = apiContainerArgsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${API_CONTAINER_ARGS_ENV_VAR} is invalid: ${problems}`);
  }
  return parsed.data;
}

/** pino's level names for the log levels the engine accepts (logrus names included). */
export function pinoLevel(logLevel: string): string {
  const level = logLevel.toLowerCase();
  if (level === 'warning') return 'warn';
  if (level === 'panic') return 'fatal';
  return ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(level) ? level : 'info';
}
