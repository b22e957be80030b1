// Typed, validated params for module authors: a zod schema in, a typed value or a
// ParamsValidationError naming the bad field out. Never hand-parse JSON in a module.
import { quote } from '@kurtosis-ts/protos';
import { z } from 'zod';

/** Problems one refusal lists: a list of 10 000 wrong elements must not make a 10 000-line message. */
const MAX_LISTED_ISSUES = 5;

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
    // Paths hold the caller's keys and zod's messages may quote them: both are quoted short.
    const issues = parsed.error.issues;
    const problems = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((i) => `${i.path.length ? quote(i.path.join('.'), 100) : 'the body'}: ${i.message.length > 300 ? `${i.message.slice(0, 300)}…` : i.message}`)
      .join('; ');
    const more = issues.length > MAX_LISTED_ISSUES ? `; … and ${issues.length - MAX_LISTED_ISSUES} more` : '';
    throw new ParamsValidationError(`Invalid ${what}: ${problems}${more}`);
  }
  return parsed.data;
}

/** The load params convention: {"logLevel": "info"}. */
export const loadParamsSchema = z.object({
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});
export type LoadParams = z.infer<typeof loadParamsSchema>;
