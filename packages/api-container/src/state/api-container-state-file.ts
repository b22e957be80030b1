// What the API container must remember across its own restart and the backend cannot tell it: the
// partition topology, each sidecar's active chain, services registered but not started yet,
// finished external container registrations, and each started service's configuration. One JSON file in the API container's own state volume
// (no service or module mounts it), replaced atomically: a temporary file created exclusively
// (never an existing file, never through a symlink), then renamed over the old one.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { SerialQueue } from '@kurtosis-ts/domain';
import type { Logger } from 'pino';
import { z } from 'zod';
import { serviceConfigSchema } from '../service/service-config';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

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
  /** By service ID: the sidecar of the service with that GUID, its active chain and its last rules. */
  sidecars: z.record(z.string(), z.object({ guid: z.string(), generation: z.number().int(), appliedRules: z.string() })),
  registeredServices: z.array(z.object({ serviceId: z.string(), guid: z.string(), privateIp: z.string() })),
  /** Services stopped or paused on purpose (lifecycle extension): never revived after a daemon restart. */
  serviceIntents: z.record(z.string(), z.enum(['stopped', 'paused'])).optional(),
  /** Finished external container registrations (absent in files written before they were recorded). */
  externalContainers: z.array(z.object({ key: z.string(), containerId: z.string(), ip: z.string() })).optional(),
  /** By service ID: what the started service with that GUID was started (or last replaced) from (absent in older files). */
  serviceConfigs: z.record(z.string(), z.object({ guid: z.string(), config: serviceConfigSchema })).optional(),
  /**
   * By service ID: a ReplaceService under way — written before the old container goes, removed once
   * the new (or the old) configuration runs — so a restart in between starts the service again.
   */
  replacements: z.record(z.string(), z.object({ guid: z.string(), privateIp: z.string(), to: serviceConfigSchema, from: serviceConfigSchema })).optional(),
});

export type ApiContainerState = z.infer<typeof stateSchema>;

/** What `load` found: a state, nothing yet, or a file it could not use (and moved aside). */
export type LoadedState =
  | { kind: 'restored'; state: ApiContainerState }
  | { kind: 'none' }
  | { kind: 'unreadable'; problem: string; movedTo?: string };

/** The state `text` holds, or why it is not a state file of ours. Pure. */
export function parseState(text: string): { state: ApiContainerState } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `it is not JSON: ${(err as Error).message.slice(0, 200)}` };
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return { problem: `it does not hold an API container state: ${parsed.error.message.slice(0, 1000)}` };
  return { state: parsed.data };
}

export class ApiContainerStateFile {
  // Saves run one at a time, in the order asked, so the last state asked for is the one that stays.
  private readonly writes = new SerialQueue();

  constructor(readonly path: string) {}

  /**
   * The saved state. A file that cannot be read or parsed stops nothing: it is moved aside (to
   * `<path>.unreadable-<time>`, kept for inspection) and reported, so the caller starts from what
   * the backend reports.
   */
  async load(): Promise<LoadedState> {
    let text: string;
    try {
      const file = await open(this.path, O_RDONLY | O_NOFOLLOW);
      try {
        text = await file.readFile('utf8');
      } finally {
        await file.close();
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { kind: 'none' };
      return this.setAside(`it cannot be read: ${code ?? (err as Error).message}`);
    }
    const parsed = parseState(text);
    if ('problem' in parsed) return this.setAside(parsed.problem);
    return { kind: 'restored', state: parsed.state };
  }

  save(state: ApiContainerState): Promise<void> {
    const text = JSON.stringify(state);
    return this.writes.run(async () => {
      const temporary = `${this.path}.${randomUUID()}.tmp`;
      try {
        // O_EXCL: a fresh file of our own, never an existing one or what a symlink points to.
        const file = await open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
        try {
          await file.writeFile(text);
        } finally {
          await file.close();
        }
        // rename replaces the name itself, whatever it was; it never writes through a link.
        await rename(temporary, this.path);
      } catch (err) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * The saved state, or undefined (start from what the backend reports): none yet, or one that could not be
   * used, which is logged as an error naming the file, the problem and where it was moved.
   */
  async loadOrReport(log: Pick<Logger, 'error'>): Promise<ApiContainerState | undefined> {
    const loaded = await this.load();
    if (loaded.kind === 'restored') return loaded.state;
    if (loaded.kind === 'unreadable') {
      log.error(
        { stateFile: this.path, problem: loaded.problem, movedTo: loaded.movedTo },
        `State file ${this.path} could not be used (${loaded.problem}); ${loaded.movedTo ? `moved it to ${loaded.movedTo} and ` : ''}` +
          `starting from what the backend reports: partition topology, sidecar chains, services registered but not started, and external ` +
          `registrations of the old file are not restored`,
      );
    }
    return undefined;
  }

  private async setAside(problem: string): Promise<LoadedState> {
    const movedTo = `${this.path}.unreadable-${Date.now()}`;
    try {
      await rename(this.path, movedTo);
      return { kind: 'unreadable', problem, movedTo };
    } catch {
      return { kind: 'unreadable', problem };
    }
  }
}
