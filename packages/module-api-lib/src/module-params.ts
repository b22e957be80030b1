// Typed, validated params for module authors: a zod schema in, a typed value or a
// ParamsValidationError naming the bad field out. Never hand-parse JSON in a module.
import { z } from 'zod';

/** Params that do not match their schema; the executor answers it with INVALID_ARGUMENT. */
export class ParamsValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamsValidationError';
  }
}

export function parseParams<S extends z.ZodType>(schema: S, serializedParams: string, what = 'params'): z.infer<S> {
  let json: unknown;
  try {
    json = serializedParams.trim() === '' ? {} : JSON.parse(serializedParams);
  } catch (err) {
    throw new ParamsValidationError(`The ${what} are not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? `'${i.path.join('.')}'` : 'the body'}: ${i.message}`).join('; ');
    throw new ParamsValidationError(`Invalid ${what}: ${problems}`);
  }
  return parsed.data;
}

/** The load params convention: {"logLevel": "info"}. */
export const loadParamsSchema = z.object({
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});
export type LoadParams = z.infer<typeof loadParamsSchema>;
