// `npm run bench:ethereum`: the Ethereum module's default network (a signer and two children, 2 s
// blocks) from ExecuteModule to its result — every node peered with every other, all at one head of
// block 1 or later — in a fresh enclave with the module already loaded, p50 of 3 after one untimed
// warm-up; then the size the module image and the client image add on top of their base image.
import { engineApi } from '@kurtosis-ts/protos';
import { apiContainerClient, destroyEnclaves, EngineContainer, KURTOSIS_VERSION } from '@kurtosis-ts/server-test-kit';
import { addedBytes, BASE_IMAGE } from './image-sizes';
import { benchConsole } from './plain-console';
import { summarize, timeIt } from './stats';

const RUNS = Number(process.env['BENCH_ETHEREUM_RUNS'] ?? 3);
const MODULE_IMAGE = `kurtosis-ts/ethereum-module:${KURTOSIS_VERSION}`;
const CLIENT_IMAGE = `kurtosis-ts/ethereumjs-client:${KURTOSIS_VERSION}`;
/** The module is one bundled file like the other modules; the client is a whole Ethereum node. */
const SIZE_TARGETS_MB: Record<string, number> = { [MODULE_IMAGE]: 15, [CLIENT_IMAGE]: 50 };
const prefix = `bench-ethereum-${process.pid}`;

/** One execute of `{}` (with this build's client image) in a fresh enclave; only the execute is timed. */
async function executeOnce(engine: EngineContainer, enclaveId: string): Promise<number> {
  const { enclaveInfo } = await engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId }));
  const api = apiContainerClient(enclaveInfo?.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
  try {
    await api.loadModule({ moduleId: 'ethereum', containerImage: MODULE_IMAGE, serializedParams: '{}' });
    let result = '';
    const ms = await timeIt(async () => {
      ({ serializedResult: result } = await api.executeModule({ moduleId: 'ethereum', serializedParams: JSON.stringify({ clientImage: CLIENT_IMAGE }) }));
    });
    const nodes = Object.keys((JSON.parse(result) as { node_info: object }).node_info);
    if (nodes.length !== 3) throw new Error(`the module started ${nodes.length} nodes, not 3: ${result.slice(0, 500)}`);
    return ms;
  } finally {
    api.close();
    await engine.client.destroyEnclave({ enclaveId });
  }
}

async function main(): Promise<void> {
  console.log(`kurtosis-ts ${KURTOSIS_VERSION}: Ethereum module benchmark on this machine (${RUNS} runs after a warm-up)`);
  const engine = await EngineContainer.start();
  const samples: number[] = [];
  try {
    for (let i = -1; i < RUNS; i++) {
      const ms = await executeOnce(engine, `${prefix}-${i + 1}`);
      console.log(`run ${i < 0 ? 'warm-up' : i + 1}: execute -> ready 3-node network in ${Math.round(ms)} ms`);
      if (i >= 0) samples.push(ms);
    }
  } finally {
    await destroyEnclaves(Array.from({ length: RUNS + 1 }, (_, i) => `${prefix}-${i}`));
    await engine.stop();
  }
  const s = summarize(samples);
  benchConsole.table([
    {
      benchmark: `ethereum module {}: ExecuteModule -> 3 nodes peered, one head >= 1 (n=${s.runs})`,
      'p50 ms': Math.round(s.p50),
      'min..max ms': `${Math.round(s.min)}..${Math.round(s.max)}`,
    },
  ]);
  const rows = [];
  for (const [image, target] of Object.entries(SIZE_TARGETS_MB)) {
    const mb = (await addedBytes(image)) / 1e6;
    rows.push({ image, 'added MB': mb.toFixed(2), target: `<= ${target} MB`, verdict: mb <= target ? 'ok' : 'MISSED' });
  }
  console.log(`size each image adds on top of ${BASE_IMAGE} (docker history):`);
  benchConsole.table(rows);
  process.exitCode = rows.every((r) => r.verdict === 'ok') ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
});
