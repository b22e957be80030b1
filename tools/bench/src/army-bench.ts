// `npm run bench:army`: the datastore army with 10 datastores, from ExecuteModule to its result
// (every datastore answering IsAvailable), against starting the same 10 containers with parallel raw
// `docker run` (published on 127.0.0.1) and waiting until each answers a real gRPC IsAvailable,
// interleaved in one run. Then the size each module image adds on top of the shared base image.
import { credentials, Metadata } from '@grpc/grpc-js';
import { DATASTORE_PORT, datastoreApi, engineApi } from '@kurtosis-ts/protos';
import { apiContainerClient, destroyEnclaves, EngineContainer, KURTOSIS_VERSION } from '@kurtosis-ts/server-test-kit';
import { report } from './comparison';
import type { Comparison } from './comparison';
import { reportAddedSizes } from './image-sizes';
import { docker } from './raw-docker';
import { summarize, timeIt } from './stats';

const RUNS = Number(process.env['BENCH_ARMY_RUNS'] ?? 5);
const NUM_DATASTORES = 10;
const ARMY_IMAGE = `kurtosis-ts/datastore-army-module:${KURTOSIS_VERSION}`;
const DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${KURTOSIS_VERSION}`;
const MODULE_IMAGES = [
  ARMY_IMAGE,
  `kurtosis-ts/repartitioner-module:${KURTOSIS_VERSION}`,
  `kurtosis-ts/chaos-monkey-module:${KURTOSIS_VERSION}`,
  DATASTORE_IMAGE,
];
// Generous: on a loaded 2-core machine 10 Node processes starting at once can take half a minute.
const AVAILABILITY_TIMEOUT_MS = 120_000;
const prefix = `bench-army-${process.pid}`;

/** One datastore the raw way: `docker run -d` on loopback, then IsAvailable through that port. */
async function rawDatastore(networkName: string, labels: string[]): Promise<void> {
  const containerId = await docker('run', '-d', '--network', networkName, '-p', `127.0.0.1::${DATASTORE_PORT}`, ...labels, DATASTORE_IMAGE);
  const hostPort = (await docker('port', containerId, `${DATASTORE_PORT}/tcp`)).split('\n')[0].split(':').pop();
  // The same quick reconnects the army module uses, so both sides poll alike.
  const client = new datastoreApi.DatastoreServiceClient(`127.0.0.1:${hostPort}`, credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 50,
    'grpc.max_reconnect_backoff_ms': 500,
  });
  try {
    await new Promise<void>((resolve, reject) =>
      client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline: Date.now() + AVAILABILITY_TIMEOUT_MS }, (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    client.close();
  }
}

/** ExecuteModule of a freshly loaded army in a fresh enclave; only the execute is timed. */
async function oursOnce(engine: EngineContainer, enclaveId: string): Promise<number> {
  const { enclaveInfo } = await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }));
  const api = apiContainerClient(enclaveInfo?.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
  try {
    await api.loadModule({ moduleId: 'army', containerImage: ARMY_IMAGE, serializedParams: JSON.stringify({ datastoreImage: DATASTORE_IMAGE, availabilityTimeoutSeconds: AVAILABILITY_TIMEOUT_MS / 1000 }) });
    let result = '';
    const ms = await timeIt(async () => {
      ({ serializedResult: result } = await api.executeModule({ moduleId: 'army', serializedParams: JSON.stringify({ numDatastores: NUM_DATASTORES }) }));
    });
    const created = Object.keys((JSON.parse(result) as { createdServiceIdsToPortIds: object }).createdServiceIdsToPortIds);
    if (created.length !== NUM_DATASTORES) throw new Error(`the army started ${created.length} datastores, not ${NUM_DATASTORES}: ${result}`);
    return ms;
  } finally {
    api.close();
    await engine.client.destroyEnclave({ enclaveId });
  }
}

/** The same 10 datastores with raw docker, in a network of their own; only the starts and waits are timed. */
async function rawOnce(networkName: string): Promise<number> {
  // Labelled like an enclave, so destroyEnclaves removes whatever a failed run leaves.
  const labels = ['--label', 'com.kurtosistech.app-id=kurtosis', '--label', `com.kurtosistech.enclave-id=${networkName}`];
  await docker('network', 'create', ...labels, networkName);
  try {
    return await timeIt(() => Promise.all(Array.from({ length: NUM_DATASTORES }, () => rawDatastore(networkName, labels))));
  } finally {
    await destroyEnclaves([networkName]);
  }
}

async function benchArmy(engine: EngineContainer): Promise<Comparison> {
  const ours: number[] = [];
  const raw: number[] = [];
  // One untimed round of each warms Docker's caches for both sides alike.
  for (let i = -1; i < RUNS; i++) {
    const ourTime = await oursOnce(engine, `${prefix}-e${i + 1}`);
    const rawTime = await rawOnce(`${prefix}-r${i + 1}`);
    console.log(`run ${i < 0 ? 'warm-up' : i + 1}: army ${Math.round(ourTime)} ms, raw ${Math.round(rawTime)} ms`);
    if (i >= 0) {
      ours.push(ourTime);
      raw.push(rawTime);
    }
  }
  return {
    name: `datastore army, ${NUM_DATASTORES} datastores: ExecuteModule vs parallel docker run + IsAvailable (n=${RUNS})`,
    ours: summarize(ours),
    raw: summarize(raw),
  };
}

async function main(): Promise<void> {
  console.log(`kurtosis-ts ${KURTOSIS_VERSION}: datastore army benchmark on this machine (${RUNS} runs)`);
  const engine = await EngineContainer.start();
  let allOk = false;
  try {
    allOk = report([await benchArmy(engine)]);
  } finally {
    await destroyEnclaves(Array.from({ length: RUNS + 1 }, (_, i) => [`${prefix}-e${i}`, `${prefix}-r${i}`]).flat());
    await engine.stop();
  }
  allOk = (await reportAddedSizes(MODULE_IMAGES)) && allOk;
  process.exitCode = allOk ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
});
