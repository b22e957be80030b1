// The chaos monkey's execute params, typed and validated. Three commands: `run` (the default)
// starts a run, bounded or in the background; `status` and `stop` act on the background run.
import { parseParams, z } from '@kurtosis-ts/module-api-lib';

export const CHAOS_ACTIONS = ['remove', 'stop', 'pause', 'kill', 'isolate'] as const;
export type ChaosAction = (typeof CHAOS_ACTIONS)[number];

/** The longest a bounded run may keep its ExecuteModule call open; longer runs go in the background. */
export const MAX_BOUNDED_RUN_SECONDS = 3600;

function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const targetsSchema = z
  .strictObject({
    /** Services the monkey may touch, by ID. */
    serviceIds: z.array(z.string().min(1)).min(1).optional(),
    /** A regular expression a whole service ID must match for the monkey to touch it. */
    pattern: z.string().min(1).max(200).refine(isValidRegExp, 'must be a valid regular expression').optional(),
    /** Services never touched, even when serviceIds or pattern select them. */
    exclude: z.array(z.string().min(1)).default([]),
  })
  .refine((t) => t.serviceIds !== undefined || t.pattern !== undefined, {
    message: 'select services with serviceIds or pattern: the monkey touches nothing it was not pointed at',
  });
export type Targets = z.infer<typeof targetsSchema>;

export const runParamsSchema = z
  .strictObject({
    command: z.literal('run').default('run'),
    targets: targetsSchema,
    /** What may happen to a victim; one is drawn per victim. */
    actions: z.array(z.enum(CHAOS_ACTIONS)).min(1).default(['kill']),
    /** How many rounds (default 1), or instead… */
    rounds: z.number().int().min(1).max(1000).optional(),
    /** …for how long: a round every intervalSeconds until this many seconds have passed. */
    durationSeconds: z.number().positive().max(86_400).optional(),
    intervalSeconds: z.number().min(0).max(3600).default(1),
    /** The chance that a round strikes at all. */
    probability: z.number().min(0).max(1).default(1),
    maxVictimsPerRound: z.number().int().min(1).max(100).default(1),
    /** Targets that must stay up (not removed, stopped, killed, paused or isolated) at all times. */
    minSurvivors: z.number().int().min(0).max(1000).default(1),
    /** The same seed, targets and params give the same victims and actions. Drawn when absent. */
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    /** Leashed (the default) decides and reports everything but touches nothing. */
    leashed: z.boolean().default(true),
    /** How long a pause or an isolation lasts before the monkey unpauses or heals it. */
    recoverAfterSeconds: z.number().min(0).max(3600).default(5),
    /** The signal `kill` sends. */
    killSignal: z.string().min(1).max(20).default('SIGKILL'),
    /** Seconds `stop` and `remove` give a victim between SIGTERM and SIGKILL. */
    stopTimeoutSeconds: z.number().int().min(0).max(300).default(2),
    /** Return at once and keep running inside the module; a later execute asks for status or stops it. */
    background: z.boolean().default(false),
  })
  .refine((p) => !(p.rounds !== undefined && p.durationSeconds !== undefined), { message: 'give rounds or durationSeconds, not both', path: ['durationSeconds'] })
  .refine((p) => p.durationSeconds === undefined || p.intervalSeconds > 0, { message: 'must be more than 0 when durationSeconds is given', path: ['intervalSeconds'] })
  .refine((p) => p.background || plannedRounds(p) * p.intervalSeconds <= MAX_BOUNDED_RUN_SECONDS, {
    message: `a bounded run may last at most ${MAX_BOUNDED_RUN_SECONDS} s (rounds × intervalSeconds); use background: true for longer runs`,
    path: ['background'],
  });
export type RunParams = z.infer<typeof runParamsSchema>;

const backgroundCommandSchema = z.strictObject({
  /** `status` reports the background run; `stop` ends it, undoing pending pauses and isolations. */
  command: z.enum(['status', 'stop']),
});

export type ExecuteParams = RunParams | z.infer<typeof backgroundCommandSchema>;

const commandSchema = z.looseObject({ command: z.enum(['run', 'status', 'stop']).default('run') });

/** Reads the command first, so errors name the fields of that command's params (a union would not). */
export function parseExecuteParams(serializedParams: string): ExecuteParams {
  const { command } = parseParams(commandSchema, serializedParams);
  return command === 'run' ? parseParams(runParamsSchema, serializedParams) : parseParams(backgroundCommandSchema, serializedParams);
}

/** Rounds a run will have: `rounds`, or one at 0 and one per interval within `durationSeconds`. */
export function plannedRounds(p: { rounds?: number; durationSeconds?: number; intervalSeconds: number }): number {
  if (p.durationSeconds !== undefined && p.intervalSeconds > 0) return Math.max(1, Math.ceil(p.durationSeconds / p.intervalSeconds));
  return p.rounds ?? 1;
}
