// The network mutator's execute params: a plan of steps, each over a selection of services, typed
// and validated. Everything the schema can say is checked here (field by field, errors naming
// `steps.<i>.<field>`); what needs the enclave (do the services exist?) is checked by the planner,
// also before anything changes.
import { z } from '@kurtosis-ts/module-api-lib';

function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const serviceIdSchema = z.string().min(1).max(255);

export const selectionSchema = z
  .strictObject({
    serviceIds: z.array(serviceIdSchema).min(1).max(1000).optional(),
    /** A regular expression a whole service ID must match. */
    pattern: z.string().min(1).max(200).refine(isValidRegExp, 'must be a valid regular expression').optional(),
    /** Never selected, even when serviceIds or pattern select them. */
    exclude: z.array(serviceIdSchema).max(1000).default([]),
  })
  .refine((t) => t.serviceIds !== undefined || t.pattern !== undefined, { message: 'select services with serviceIds or pattern' });
export type Selection = z.infer<typeof selectionSchema>;

/** When a replaced (or restarted) service counts as ready. */
export const readinessSchema = z.union([
  /** A port (by its ID) of the service accepts TCP connections. */
  z.strictObject({ tcpPort: z.string().min(1).max(63) }),
  /** An HTTP request to a port answers 200 (and its body holds bodyText, when given), as WaitForHttp* checks. */
  z.strictObject({
    http: z.strictObject({
      portId: z.string().min(1).max(63),
      path: z.string().max(2048).default('/'),
      method: z.enum(['GET', 'POST']).default('GET'),
      body: z.string().max(65_536).default(''),
      bodyText: z.string().max(65_536).default(''),
    }),
  }),
  /** A command run in the service exits 0. */
  z.strictObject({ exec: z.array(z.string().max(131_071)).min(1).max(1000) }),
  /** Its container runs (the default). */
  z.strictObject({ running: z.literal(true) }),
]);
export type Readiness = z.infer<typeof readinessSchema>;

const rolling = {
  targets: selectionSchema,
  /** Services replaced at once. */
  batchSize: z.number().int().min(1).max(100).default(1),
  /** Selected services that may be down at once; at least batchSize. Defaults to batchSize. */
  maxUnavailable: z.number().int().min(1).max(100).optional(),
  readiness: readinessSchema.default({ running: true }),
  /** How long a replaced service has to become ready. */
  readinessTimeoutSeconds: z.number().min(0).max(3600).default(60),
  /** Seconds between SIGTERM and SIGKILL for the old container. */
  stopTimeoutSeconds: z.number().int().min(0).max(600).default(2),
};

const envNameSchema = z.string().min(1).max(4096).regex(/^[^=\0]+$/, "must be non-empty and contain no '='");

export const upgradeStepSchema = z
  .strictObject({
    action: z.literal('upgrade'),
    /** A whole new image reference… */
    image: z.string().min(1).max(1024).regex(/^\S+$/, 'must be an image reference without spaces').optional(),
    /** …or only a new tag for each service's current image. */
    tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a Docker tag (letters, digits, _ . -; at most 128)').optional(),
    ...rolling,
  })
  .refine((s) => (s.image === undefined) !== (s.tag === undefined), { message: 'give image or tag (one of them)', path: ['image'] });

export const reconfigureStepSchema = z
  .strictObject({
    action: z.literal('reconfigure'),
    /** Variables set (added or changed). */
    env: z.record(envNameSchema, z.string().max(131_071)).default({}),
    /** Variables removed. */
    unsetEnv: z.array(envNameSchema).max(1000).default([]),
    /** A new CMD ([] = the image's own); absent keeps the current one. */
    cmd: z.array(z.string().max(131_071)).max(1000).optional(),
    /** A new ENTRYPOINT ([] = the image's own); absent keeps the current one. */
    entrypoint: z.array(z.string().max(131_071)).max(1000).optional(),
    ...rolling,
  })
  .refine((s) => Object.keys(s.env).length > 0 || s.unsetEnv.length > 0 || s.cmd !== undefined || s.entrypoint !== undefined, {
    message: 'change something: env, unsetEnv, cmd or entrypoint',
    path: ['env'],
  });

export const restartStepSchema = z.strictObject({ action: z.literal('restart'), ...rolling });

export const scaleStepSchema = z
  .strictObject({
    action: z.literal('scale'),
    /** Scale out: new services cloned from this one, named `<template>-<k>`. */
    template: serviceIdSchema.optional(),
    add: z.number().int().min(1).max(100).optional(),
    /** Scale in: remove this many of the selected services… */
    targets: selectionSchema.optional(),
    remove: z.number().int().min(1).max(1000).optional(),
    /** …chosen by the number after their last '-' (then their ID): newest first, oldest first, or at random. */
    choose: z.enum(['newest', 'oldest', 'random']).default('newest'),
    /** For choose: random; drawn when absent (and reported). */
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    stopTimeoutSeconds: z.number().int().min(0).max(600).default(2),
  })
  .refine((s) => (s.add !== undefined) !== (s.remove !== undefined), { message: 'give add (with template) or remove (with targets)', path: ['add'] })
  .refine((s) => s.add === undefined || s.template !== undefined, { message: 'scaling out needs the template service to clone', path: ['template'] })
  .refine((s) => s.remove === undefined || s.targets !== undefined, { message: 'scaling in needs targets to choose from', path: ['targets'] });

export const execStepSchema = z.strictObject({
  action: z.literal('exec'),
  targets: selectionSchema,
  /** argv, never through a shell (use ["sh", "-c", "…"] for one). */
  command: z.array(z.string().max(131_071)).min(1).max(1000),
  /** Output kept per service (the rest is cut). */
  maxOutputBytes: z.number().int().min(0).max(65_536).default(4096),
  /** Exit codes that count as success; a service answering another one fails the step. */
  okExitCodes: z.array(z.number().int()).min(1).max(256).default([0]),
});

export const stepSchema = z.discriminatedUnion('action', [upgradeStepSchema, reconfigureStepSchema, restartStepSchema, scaleStepSchema, execStepSchema]);
export type Step = z.infer<typeof stepSchema>;
export type UpgradeStep = z.infer<typeof upgradeStepSchema>;
export type ReconfigureStep = z.infer<typeof reconfigureStepSchema>;
export type RestartStep = z.infer<typeof restartStepSchema>;
export type ScaleStep = z.infer<typeof scaleStepSchema>;
export type ExecStep = z.infer<typeof execStepSchema>;
export type RollingStep = UpgradeStep | ReconfigureStep | RestartStep;

export const planSchema = z.strictObject({
  steps: z.array(stepSchema).min(1).max(100),
  /** Seconds between two steps. */
  pauseBetweenSeconds: z.number().min(0).max(3600).default(0),
  /** Report what would be done, and change nothing. */
  dryRun: z.boolean().default(false),
});
export type MutationPlanParams = z.infer<typeof planSchema>;
