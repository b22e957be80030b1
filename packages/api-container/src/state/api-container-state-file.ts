// What the API container must remember across its own restart and Docker labels cannot hold: the
// partition topology, each sidecar's active chain, and services registered but not started yet.
// One JSON file in the enclave data volume, replaced atomically (write, then rename).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { SerialQueue } from '@kurtosis-ts/container-backend';
import { z } from 'zod';

const stateSchema = z.object({
  schemaVersion: z.literal(1),
  topology: z
    .object({
      partitions: z.array(z.string()),
      servicePartitions: z.record(z.string(), z.string()),
      connections: z.record(z.string(), z.number()),
      defaultLossPercentage: z.number(),
    })
    .optional(),
  sidecars: z.record(z.string(), z.object({ containerId: z.string(), generation: z.number().int(), appliedRules: z.string() })),
  registeredServices: z.array(z.object({ serviceId: z.string(), guid: z.string(), privateIp: z.string() })),
});

export type ApiContainerState = z.infer<typeof stateSchema>;

export class ApiContainerStateFile {
  // Saves run one at a time, in the order asked, so the last state asked for is the one that stays.
  private readonly writes = new SerialQueue();

  constructor(readonly path: string) {}

  /** The saved state; undefined when there is none yet. Throws on a file that is not ours. */
  async load(): Promise<ApiContainerState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`State file ${this.path} is not valid: ${parsed.error.message}`);
    return parsed.data;
  }

  save(state: ApiContainerState): Promise<void> {
    const text = JSON.stringify(state);
    return this.writes.run(async () => {
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, this.path);
    });
  }
}
