// `npm run bench`: the engine and API container against raw `docker` commands doing the same work,
// interleaved in one run on one machine, printed as p50s and ratios.
import { dataVolumeName } from '@kurtosis-ts/container-backend';
import { chooseFreeSubnet, FreeIpTracker } from '@kurtosis-ts/domain';
import {
  API_CONTAINER_ARGS_ENV_VAR,
  API_CONTAINER_PORT,
  apiContainerApi,
  ENCLAVE_DATA_DIR_MOUNTPOINT,
  engineApi,
  MODULE_PORT,
  moduleApi,
  SERVER_READY_MARKER,
} from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import { credentials, Metadata } from '@grpc/grpc-js';
import {
  apiContainerClient,
  destroyEnclaves,
  EngineContainer,
  KURTOSIS_VERSION,
  TEST_SERVICE_PORT,
  TestModuleImage,
  TestServiceImage,
} from '@kurtosis-ts/server-test-kit';
import { report } from './comparison';
import type { Comparison } from './comparison';
import { docker, waitForLogMarker } from './raw-docker';
import { summarize, timeIt } from './stats';
import type { Summary } from './stats';

const ENCLAVE_RUNS = Number(process.env['BENCH_ENCLAVE_RUNS'] ?? 7);
const SERVICE_RUNS = Number(process.env['BENCH_SERVICE_RUNS'] ?? 11);
const MODULE_RUNS = Number(process.env['BENCH_MODULE_RUNS'] ?? 5);
const REPARTITION_RUNS = Number(process.env['BENCH_REPARTITION_RUNS'] ?? 6);
const REPARTITION_TARGET_MS = 1_000;
const API_CONTAINER_IMAGE = `kurtosis-ts/api-container:${KURTOSIS_VERSION}`;
const prefix = `bench-${process.pid}`;

async function takenSubnets(): Promise<string[]> {
  const ids = (await docker('network', 'ls', '-q')).split('\n').filter(Boolean);
  const subnets = await docker('network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', ...ids);
  return subnets.split(/\s+/).filter((s) => s.includes('.'));
}

/** The raw-docker equivalent of CreateEnclave + DestroyEnclave: network, volume, API container, ready, gone. */
async function rawEnclaveRoundTrip(enclaveId: string, subnet: string): Promise<void> {
  const labels = ['--label', 'com.kurtosistech.app-id=kurtosis', '--label', `com.kurtosistech.enclave-id=${enclaveId}`];
  const ip = new FreeIpTracker(subnet).apiContainerIp;
  const args: ApiContainerArgs = {
    enclaveId,
    ownIpAddress: ip,
    listenPort: API_CONTAINER_PORT,
    isPartitioningEnabled: false,
    logLevel: 'info',
    version: KURTOSIS_VERSION,
  };
  await docker('network', 'create', '--subnet', subnet, ...labels, enclaveId);
  await docker('volume', 'create', ...labels, dataVolumeName(enclaveId));
  const containerId = await docker(
    'run', '-d', '--name', `${enclaveId}-api`, '--network', enclaveId, '--ip', ip, ...labels,
    '--label', 'com.kurtosistech.container-type=api-container',
    '-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', `${dataVolumeName(enclaveId)}:${ENCLAVE_DATA_DIR_MOUNTPOINT}`,
    '-p', `127.0.0.1::${API_CONTAINER_PORT}`, '-e', `${API_CONTAINER_ARGS_ENV_VAR}=${JSON.stringify(args)}`, API_CONTAINER_IMAGE,
  );
  await waitForLogMarker(containerId, SERVER_READY_MARKER, 30_000);
  await docker('port', containerId, `${API_CONTAINER_PORT}/tcp`);
  await docker('rm', '-f', '-v', containerId);
  await docker('volume', 'rm', dataVolumeName(enclaveId));
  await docker('network', 'rm', enclaveId);
}

async function benchEnclaves(engine: EngineContainer): Promise<Comparison> {
  const ours: number[] = [];
  const raw: number[] = [];
  // One untimed round of each warms Docker's caches for both sides alike.
  for (let i = -1; i < ENCLAVE_RUNS; i++) {
    const ourId = `${prefix}-e${i + 1}`;
    const ourTime = await timeIt(async () => {
      await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: ourId }));
      await engine.client.destroyEnclave({ enclaveId: ourId });
    });
    const rawId = `${prefix}-r${i + 1}`;
    const subnet = chooseFreeSubnet(await takenSubnets());
    if (!subnet) throw new Error('no free subnet for the raw baseline');
    const rawTime = await timeIt(() => rawEnclaveRoundTrip(rawId, subnet));
    if (i >= 0) {
      ours.push(ourTime);
      raw.push(rawTime);
    }
  }
  return { name: `enclave create + destroy (n=${ENCLAVE_RUNS})`, ours: summarize(ours), raw: summarize(raw) };
}

async function benchServices(engine: EngineContainer, image: TestServiceImage): Promise<Comparison> {
  const enclaveId = `${prefix}-services`;
  const { enclaveInfo } = await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }));
  const api = apiContainerClient(enclaveInfo?.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
  const ours: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = -1; i < SERVICE_RUNS; i++) {
      const serviceId = `svc-${i + 1}`;
      const ourTime = await timeIt(async () => {
        await api.registerService({ serviceId, partitionId: '' });
        await api.startService(
          apiContainerApi.StartServiceArgs.fromPartial({
            serviceId,
            dockerImage: image.tag,
            privatePorts: { http: { number: TEST_SERVICE_PORT, protocol: apiContainerApi.Port_Protocol.TCP } },
          }),
        );
      });
      await api.removeService({ serviceId, containerStopTimeoutSeconds: 0 });
      let containerId = '';
      const rawTime = await timeIt(async () => {
        containerId = await docker(
          'run', '-d', '--network', enclaveId, '-p', `127.0.0.1::${TEST_SERVICE_PORT}`,
          '--label', 'com.kurtosistech.app-id=kurtosis', '--label', `com.kurtosistech.enclave-id=${enclaveId}`, image.tag,
        );
      });
      await docker('rm', '-f', containerId);
      if (i >= 0) {
        ours.push(ourTime);
        raw.push(rawTime);
      }
    }
  } finally {
    api.close();
    await engine.client.destroyEnclave({ enclaveId });
  }
  return {
    name: `one service: Register+StartService vs docker run -d (n=${SERVICE_RUNS})`,
    ours: summarize(ours),
    raw: summarize(raw),
  };
}

/** The raw-docker baseline for a module: `docker run -d`, then IsAvailable over its loopback port. */
async function rawModuleStart(enclaveId: string, apiContainerIp: string, image: string): Promise<string> {
  const args = {
    enclaveId,
    listenPortNum: MODULE_PORT,
    apiContainerSocket: `${apiContainerIp}:${API_CONTAINER_PORT}`,
    serializedCustomParams: '{}',
    enclaveDataDirMountpoint: ENCLAVE_DATA_DIR_MOUNTPOINT,
  };
  const containerId = await docker(
    'run', '-d', '--network', enclaveId, '-p', `127.0.0.1::${MODULE_PORT}`,
    '--label', 'com.kurtosistech.app-id=kurtosis', '--label', `com.kurtosistech.enclave-id=${enclaveId}`,
    '-e', `SERIALIZED_ARGS=${JSON.stringify(args)}`, image,
  );
  const hostPort = (await docker('port', containerId, `${MODULE_PORT}/tcp`)).split(':').pop();
  const client = new moduleApi.ExecutableModuleServiceClient(`127.0.0.1:${hostPort}`, credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 50,
    'grpc.min_reconnect_backoff_ms': 50,
    'grpc.max_reconnect_backoff_ms': 250,
  });
  await new Promise<void>((resolve, reject) =>
    client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline: Date.now() + 10_000 }, (err) => (err ? reject(err) : resolve())),
  );
  client.close();
  return containerId;
}

async function benchModules(engine: EngineContainer, image: TestModuleImage): Promise<Comparison> {
  const enclaveId = `${prefix}-modules`;
  const { enclaveInfo } = await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }));
  const api = apiContainerClient(enclaveInfo?.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
  const ours: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = -1; i < MODULE_RUNS; i++) {
      const moduleId = `mod-${i + 1}`;
      ours.push(await timeIt(() => api.loadModule({ moduleId, containerImage: image.tag, serializedParams: '{}' })));
      await api.unloadModule({ moduleId });
      let containerId = '';
      raw.push(
        await timeIt(async () => {
          containerId = await rawModuleStart(enclaveId, enclaveInfo?.apiContainerInfo?.ipInsideEnclave ?? '', image.tag);
        }),
      );
      await docker('rm', '-f', containerId);
      if (i < 0) {
        ours.pop();
        raw.pop();
      }
    }
  } finally {
    api.close();
    await engine.client.destroyEnclave({ enclaveId });
  }
  return { name: `LoadModule vs docker run -d + IsAvailable (n=${MODULE_RUNS})`, ours: summarize(ours), raw: summarize(raw) };
}

/** Repartition of 20 services into two partitions: an absolute target, no raw equivalent. */
async function benchRepartition(engine: EngineContainer, image: TestServiceImage): Promise<Summary> {
  const enclaveId = `${prefix}-repartition`;
  const { enclaveInfo } = await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId, isPartitioningEnabled: true }));
  const api = apiContainerClient(enclaveInfo?.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
  const services = Array.from({ length: 20 }, (_, i) => `s${i}`);
  const samples: number[] = [];
  try {
    await Promise.all(
      services.map(async (serviceId) => {
        await api.registerService({ serviceId, partitionId: '' });
        await api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId, dockerImage: image.tag }));
      }),
    );
    const split = (loss: number): apiContainerApi.RepartitionArgs => ({
      partitionServices: {
        left: { serviceIdSet: Object.fromEntries(services.slice(0, 10).map((s) => [s, true])) },
        right: { serviceIdSet: Object.fromEntries(services.slice(10).map((s) => [s, true])) },
      },
      partitionConnections: {},
      defaultConnection: { packetLossPercentage: loss },
    });
    // Alternate blocked and open, so every run changes every sidecar's rules.
    for (let i = 0; i < REPARTITION_RUNS; i++) samples.push(await timeIt(() => api.repartition(split(i % 2 === 0 ? 100 : 0))));
  } finally {
    api.close();
    await engine.client.destroyEnclave({ enclaveId });
  }
  return summarize(samples);
}

async function main(): Promise<void> {
  console.log(`kurtosis-ts ${KURTOSIS_VERSION} benchmarks on this machine (${ENCLAVE_RUNS} enclave runs, ${SERVICE_RUNS} service runs)`);
  const engine = await EngineContainer.start();
  const image = TestServiceImage.build('bench-service');
  const moduleImage = TestModuleImage.build('bench-module');
  let allOk = false;
  try {
    const enclaves = await benchEnclaves(engine);
    const services = await benchServices(engine, image);
    const modules = await benchModules(engine, moduleImage);
    const repartition = await benchRepartition(engine, image);
    allOk = report([enclaves, services, modules]);
    const repartitionOk = repartition.p50 <= REPARTITION_TARGET_MS && repartition.max <= REPARTITION_TARGET_MS;
    console.log(
      `repartition of 20 services into 2 partitions (n=${repartition.runs}): p50 ${Math.round(repartition.p50)} ms, ` +
        `max ${Math.round(repartition.max)} ms, target <= ${REPARTITION_TARGET_MS} ms: ${repartitionOk ? 'ok' : 'MISSED'}`,
    );
    allOk = allOk && repartitionOk;
  } finally {
    const leftovers = [
      ...Array.from({ length: ENCLAVE_RUNS + 1 }, (_, i) => `${prefix}-e${i}`),
      ...Array.from({ length: ENCLAVE_RUNS + 1 }, (_, i) => `${prefix}-r${i}`),
      `${prefix}-services`,
      `${prefix}-modules`,
      `${prefix}-repartition`,
    ];
    await destroyEnclaves(leftovers);
    await engine.stop();
    image.remove();
    moduleImage.remove();
  }
  process.exitCode = allOk ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
});
