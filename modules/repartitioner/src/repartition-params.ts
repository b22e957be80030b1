// The repartitioner's execute params: exactly one of an explicit plan, a schedule of steps, or
// random partitions; typed and validated.
import { z } from '@kurtosis-ts/module-api-lib';

const partitionId = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a valid partition ID (lower-case letters, digits, -)');

const connectionSchema = z
  .object({
    blocked: z.boolean().optional(),
    packetLossPercentage: z.number().min(0).max(100).optional(),
  })
  .refine((c) => !(c.blocked !== undefined && c.packetLossPercentage !== undefined), { message: 'give blocked or packetLossPercentage, not both' });

export const planSchema = z.object({
  /** partition ID → service IDs */
  partitions: z.record(partitionId, z.array(z.string().min(1))),
  connections: z.array(connectionSchema.and(z.object({ between: z.tuple([partitionId, partitionId]) }))).default([]),
  defaultConnection: connectionSchema.optional(),
});
export type Plan = z.infer<typeof planSchema>;

export const executeParamsSchema = z
  .object({
    plan: planSchema.optional(),
    steps: z
      .array(z.object({ afterSeconds: z.number().min(0).max(3600), plan: planSchema.optional(), heal: z.literal(true).optional() }))
      .min(1)
      .optional(),
    random: z
      .object({
        seed: z.number().int(),
        partitions: z.number().int().min(2).max(10),
        rounds: z.number().int().min(1).max(100),
        intervalSeconds: z.number().min(0).max(3600).default(0),
        packetLossPercentage: z.number().min(0).max(100).default(100),
      })
      .optional(),
    /** Services the plan does not name go into this partition; without it they are refused. */
    catchAllPartition: partitionId.optional(),
  })
  .refine((p) => [p.plan, p.steps, p.random].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of plan, steps or random',
  });
export type RepartitionParams = z.infer<typeof executeParamsSchema>;
