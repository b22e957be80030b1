// `npm run bench`: the engine and API container against raw `docker` commands doing the same work,
// interleaved in one run on one machine, printed as p50s and ratios.
import { chooseFreeSubnet, FreeIpTracker, dataVolumeName } from '@kurtosis-ts/container-backend';
import {
  API_CONTAINER_ARGS_ENV_VAR,
  API_CONTAINER_PORT,
  apiContainerApi,
  ENCLAVE_DATA_DIR_MOUNTPOINT,
  engineApi,
  SERVER_READY_MARKER,
} from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import {
  apiContainerClient,
  destroyEnclaves,
  EngineContainer,
  KURTOSIS_VERSION,
  TEST_SERVICE_PORT,
  TestServiceImage,
} from '@kurtosis-ts/server-test-kit';
import { docker, waitForLogMarker } from './raw-docker';
import { summarize, timeIt } from './stats';
import type { Summary } from './stats';

const ENCLAVE_RUNS = Number(process.env['BENCH_ENCLAVE_RUNS'] ?? 7);
const SERVICE_RUNS = Number(process.env['BENCH_SERVICE_RUNS'] ?? 11);
const TARGET_RATIO = 1.3;
const API_CONTAINER_IMAGE = `kurtosis-ts/api-container:${KURTOSIS_VERSION}`;
const prefix = `bench-${process.pid}`;

interface Comparison {
  name: string;
  ours: Summary;
  raw: Summary;
}

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

function report(comparisons: Comparison[]): boolean {
  const rows = comparisons.map((c) => {
    const ratio = c.ours.p50 / c.raw.p50;
    return {
      benchmark: c.name,
      'kurtosis-ts p50 ms': Math.round(c.ours.p50),
      'raw docker p50 ms': Math.round(c.raw.p50),
      ratio: `${ratio.toFixed(2)}x`,
      target: `<= ${TARGET_RATIO.toFixed(2)}x`,
      verdict: ratio <= TARGET_RATIO ? 'ok' : 'MISSED',
      'ours min..max': `${Math.round(c.ours.min)}..${Math.round(c.ours.max)}`,
      'raw min..max': `${Math.round(c.raw.min)}..${Math.round(c.raw.max)}`,
    };
  });
  console.table(rows);
  return rows.every((r) => r.verdict === 'ok');
}

async function main(): Promise<void> {
  console.log(`kurtosis-ts ${KURTOSIS_VERSION} benchmarks on this machine (${ENCLAVE_RUNS} enclave runs, ${SERVICE_RUNS} service runs)`);
  const engine = await EngineContainer.start();
  const image = TestServiceImage.build('bench-service');
  let allOk = false;
  try {
    const enclaves = await benchEnclaves(engine);
    const services = await benchServices(engine, image);
    allOk = report([enclaves, services]);
  } finally {
    const leftovers = [
      ...Array.from({ length: ENCLAVE_RUNS + 1 }, (_, i) => `${prefix}-e${i}`),
      ...Array.from({ length: ENCLAVE_RUNS + 1 }, (_, i) => `${prefix}-r${i}`),
      `${prefix}-services`,
    ];
    await destroyEnclaves(leftovers);
    await engine.stop();
    image.remove();
  }
  process.exitCode = allOk ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
});
