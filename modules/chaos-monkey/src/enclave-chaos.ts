// What each chaos action does to an enclave, and how pauses and isolations are undone.
import { BlockedPartitionConnection, KurtosisError, StatusCode, UnblockedPartitionConnection } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext } from '@kurtosis-ts/module-api-lib';
import type { RunParams } from './chaos-params';
import type { ChaosEffects } from './chaos-run';
import type { Strike } from './victim-picker';

/** The partition the services not isolated share while the monkey isolates some. */
export const MAIN_PARTITION = 'main';

export class EnclaveChaos implements ChaosEffects {
  private readonly isolated = new Set<string>();
  /** Repartitions one at a time, each from the isolation set as it is then: the last one wins and is right. */
  private repartitions: Promise<void> = Promise.resolve();

  constructor(
    private readonly enclave: EnclaveContext,
    private readonly params: Pick<RunParams, 'killSignal' | 'stopTimeoutSeconds'>,
  ) {}

  async strike({ serviceId, action }: Strike): Promise<void> {
    switch (action) {
      case 'remove':
        return this.enclave.removeService(serviceId, this.params.stopTimeoutSeconds);
      case 'stop':
        return this.enclave.stopService(serviceId, this.params.stopTimeoutSeconds);
      case 'pause':
        return this.enclave.pauseService(serviceId);
      case 'kill':
        return this.enclave.killService(serviceId, this.params.killSignal);
      case 'isolate':
        this.isolated.add(serviceId);
        try {
          await this.applyIsolation();
        } catch (err) {
          this.isolated.delete(serviceId);
          throw err;
        }
    }
  }

  /** Unpauses a paused victim or takes an isolated one back into the main partition. */
  async recover({ serviceId, action }: Strike): Promise<void> {
    if (action === 'pause') return this.enclave.unpauseService(serviceId);
    if (action === 'isolate') {
      this.isolated.delete(serviceId);
      return this.applyIsolation();
    }
  }

  /**
   * Puts every service into one open partition. Run before the first isolation: it fails at once,
   * before anything was touched, in an enclave without partitioning.
   */
  async healAll(): Promise<void> {
    this.isolated.clear();
    await this.applyIsolation();
  }

  private applyIsolation(): Promise<void> {
    const next = this.repartitions.then(async () => {
      const services = await this.enclave.getServices();
      const partitions = new Map<string, Set<string>>();
      const others = [...services].filter((s) => !this.isolated.has(s));
      if (others.length > 0) partitions.set(MAIN_PARTITION, new Set(others));
      [...this.isolated]
        .filter((s) => services.has(s))
        .sort()
        .forEach((s, i) => partitions.set(`isolated-${i}`, new Set([s])));
      const cutOff = this.isolated.size > 0 ? new BlockedPartitionConnection() : new UnblockedPartitionConnection();
      try {
        await this.enclave.repartitionNetwork(partitions, new Map(), cutOff);
      } catch (err) {
        if (err instanceof KurtosisError && err.code === StatusCode.FAILED_PRECONDITION) {
          throw new KurtosisError(StatusCode.FAILED_PRECONDITION, `isolate needs an enclave with partitioning (kurtosis module exec --with-partitioning): ${err.message}`);
        }
        throw err;
      }
    });
    // A failed repartition must not block the ones after it.
    this.repartitions = next.catch(() => undefined);
    return next;
  }
}
