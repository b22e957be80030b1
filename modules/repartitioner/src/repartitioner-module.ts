// Applies an explicit plan, a schedule of steps (with heals), or seeded random partitions to the
// enclave, and returns every step it applied.
import { setTimeout as sleep } from 'node:timers/promises';
import { KurtosisError, parseParams, seededRandom, StatusCode } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext, ExecutableKurtosisModule } from '@kurtosis-ts/module-api-lib';
import { describe, healedTopology, randomPlan, topologyOf } from './partition-plans';
import type { Topology } from './partition-plans';
import { executeParamsSchema } from './repartition-params';

interface AppliedStep {
  atSeconds: number;
  healed: boolean;
  partitions: Record<string, string[]>;
  defaultPacketLossPercentage: number;
}

export class RepartitionerModule implements ExecutableKurtosisModule {
  async execute(enclave: EnclaveContext, serializedParams: string): Promise<string> {
    const params = parseParams(executeParamsSchema, serializedParams);
    const services = await enclave.getServices();
    const started = Date.now();
    const applied: AppliedStep[] = [];

    const apply = async (topology: Topology, healed = false) => {
      try {
        await enclave.repartitionNetwork(topology.partitionServices, topology.partitionConnections, topology.defaultConnection);
      } catch (err) {
        if (err instanceof KurtosisError && err.code === StatusCode.FAILED_PRECONDITION) {
          throw new KurtosisError(StatusCode.FAILED_PRECONDITION, `This enclave has partitioning disabled; create it with partitioning (kurtosis module exec --with-partitioning): ${err.message}`);
        }
        throw err;
      }
      applied.push({ atSeconds: Math.round((Date.now() - started) / 100) / 10, healed, ...describe(topology) });
    };
    // Waits are measured from the start, so a schedule does not drift by the time each step takes.
    const waitUntil = async (seconds: number) => sleep(Math.max(0, started + seconds * 1000 - Date.now()));

    if (params.plan) {
      await apply(topologyOf(params.plan, services, params.catchAllPartition));
    } else if (params.steps) {
      // Every plan is checked before the first is applied.
      const topologies = params.steps.map((s) => (s.heal ? healedTopology(services) : s.plan ? topologyOf(s.plan, services, params.catchAllPartition) : undefined));
      const missing = topologies.findIndex((t) => t === undefined);
      if (missing >= 0) throw new KurtosisError(StatusCode.INVALID_ARGUMENT, `Invalid params: 'steps.${missing}' needs a plan or heal: true`);
      for (const [i, step] of params.steps.entries()) {
        await waitUntil(step.afterSeconds);
        await apply(topologies[i] as Topology, Boolean(step.heal));
      }
    } else if (params.random) {
      const random = seededRandom(params.random.seed);
      for (let round = 0; round < params.random.rounds; round++) {
        if (round > 0) await waitUntil(round * params.random.intervalSeconds);
        await apply(topologyOf(randomPlan([...services], params.random.partitions, random, params.random.packetLossPercentage), services));
      }
    }
    return JSON.stringify({ appliedSteps: applied });
  }
}
