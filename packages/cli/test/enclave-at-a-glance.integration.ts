// Item 5 of the CLI contract: `enclave inspect` shows services (status, private IP, ports with their
// host bindings, partition), modules and the partition topology with its connection matrix, as a
// table and as JSON; `enclave logs -f` follows every service and module, each line named after its
// source; `enclave dump` adds the API container's state, the topology, the network and the data
// directory, and refuses a folder that is not empty; module logs read as lines on a terminal.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlockedPartitionConnection, KurtosisContext, SoftPartitionConnection, UnblockedPartitionConnection } from '@kurtosis-ts/engine-client';
import { backend, destroyEnclaves, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { json, kurtosis, kurtosisInPty, RunningCli } from './cli-runner';

interface Inspected {
  services: { serviceId: string; status: string; privateIp: string; ports: { portId: string; publicAddress: string }[]; partitionId: string | null }[];
  modules: { moduleId: string; status: string }[];
  partitions: { partitionId: string; serviceIds: string[] }[];
  connections: { partitionA: string; partitionB: string; blocked: boolean; packetLossPercentage: number }[];
  defaultConnection: { blocked: boolean };
}

describe('the enclave at a glance', () => {
  let moduleImage: TestModuleImage;
  const enclaveId = `cli-glance-${process.pid}`;
  const enclaves = new Set([enclaveId]);
  let enginesBefore: string[] = [];

  beforeAll(async () => {
    moduleImage = TestModuleImage.build('glance-module');
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    expect(kurtosis(['enclave', 'new', '--enclave-id', enclaveId, '-p']).status).toBe(0);
    for (const s of ['front', 'back', 'cache']) {
      expect(kurtosis(['service', 'add', enclaveId, s, 'debian:bookworm-slim', '--ports', 'http=8080', '--', 'sh', '-c', `echo ${s} says hello; sleep 3600`]).status).toBe(0);
    }
    expect(kurtosis(['module', 'load', enclaveId, 'helper', moduleImage.tag]).status).toBe(0);
    const kurtosisContext = await KurtosisContext.newKurtosisContextFromLocalEngine();
    const enclave = await kurtosisContext.getEnclaveContext(enclaveId);
    try {
      await enclave.repartitionNetwork(
        new Map([
          ['edge', new Set(['front'])],
          ['core', new Set(['back', 'cache'])],
          ['spare', new Set<string>()],
        ]),
        new Map([
          ['edge', new Map([['core', new SoftPartitionConnection(30)]])],
          ['core', new Map([['spare', new UnblockedPartitionConnection()]])],
        ]),
        new BlockedPartitionConnection(),
      );
    } finally {
      enclave.close();
      kurtosisContext.close();
    }
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    moduleImage?.remove();
  });

  it('inspects services with their ports and partitions, modules, and the connection matrix, in JSON and as tables', () => {
    const inspected = json<Inspected>('enclave', 'inspect', enclaveId);
    expect(inspected.services.map((s) => [s.serviceId, s.status, s.partitionId])).toEqual([
      ['back', 'running', 'core'],
      ['cache', 'running', 'core'],
      ['front', 'running', 'edge'],
    ]);
    expect(inspected.services[0].ports).toEqual([expect.objectContaining({ portId: 'http', publicAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/) })]);
    expect(inspected.modules).toEqual([expect.objectContaining({ moduleId: 'helper', status: 'running' })]);
    expect(inspected.partitions).toEqual([
      { partitionId: 'core', serviceIds: ['back', 'cache'] },
      { partitionId: 'edge', serviceIds: ['front'] },
      { partitionId: 'spare', serviceIds: [] },
    ]);
    expect(inspected.connections).toEqual([
      { partitionA: 'core', partitionB: 'edge', blocked: false, packetLossPercentage: 30 },
      { partitionA: 'core', partitionB: 'spare', blocked: false, packetLossPercentage: 0 },
    ]);
    expect(inspected.defaultConnection.blocked).toBe(true);

    const table = kurtosisInPty(['enclave', 'inspect', enclaveId], { columns: 200 }).stdout;
    expect(table).toMatch(/│ front +│ running +│ 172\.\d+\.\d+\.\d+ +│ http: 8080\/tcp → 127\.0\.0\.1:\d+ +│ edge +│/);
    expect(table).toMatch(/│ helper +│ running +│/);
    expect(table).toMatch(/│ edge +│ 30% loss +│ - +│ blocked +│/);
    const plain = kurtosis(['enclave', 'inspect', enclaveId]).stdout;
    expect(plain).toContain('PARTITION\tSERVICES\ncore\tback,cache\nedge\tfront\nspare\t\n');
  });

  it('follows the logs of every service and module, each line named after its source', async () => {
    const run = RunningCli.start(['enclave', 'logs', enclaveId, '-f']);
    try {
      for (const source of ['back ', 'cache', 'front', 'helper']) await run.waitForOutput(new RegExp(`^${source} *\\| `, 'm'), 30_000);
      expect(run.stdout).toMatch(/^front +\| front says hello$/m);
      expect(run.stdout).toMatch(/^helper +\| test module starting/m);
      // A service started while following is followed too, from its first line.
      expect(kurtosis(['service', 'add', enclaveId, 'late', 'debian:bookworm-slim', '--partition', 'spare', '--', 'sh', '-c', 'echo late says hi; sleep 3600']).status).toBe(0);
      await run.waitForOutput(/^late +\| late says hi$/m, 30_000);
      expect(kurtosis(['service', 'rm', enclaveId, 'late', '-t', '0']).status).toBe(0);
      run.signal('SIGINT');
      expect((await run.done(5_000)).code).toBe(130);
    } finally {
      run.kill();
    }
  });

  it('dumps the state, topology, network, data directory and every container, into an empty folder only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-dump-'));
    try {
      const dump = kurtosis(['enclave', 'dump', enclaveId, dir]);
      expect(dump.status).toBe(0);
      expect(dump.stderr).toMatch(/Dumped \d+ files of enclave/);
      const files = fs.readdirSync(dir).sort();
      expect(files).toEqual(expect.arrayContaining(['api-container-state.json', 'data-dir.txt', 'enclave.json', 'network.json', 'overview.json']));
      const state = JSON.parse(fs.readFileSync(path.join(dir, 'api-container-state.json'), 'utf8'));
      expect(state.topology.servicePartitions).toEqual({ front: 'edge', back: 'core', cache: 'core' });
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'network.json'), 'utf8'))).toMatchObject({ enclaveId, subnet: expect.stringMatching(/\/24$/) });
      expect(fs.readFileSync(path.join(dir, 'data-dir.txt'), 'utf8')).toMatch(/^dir\t\d+\tservices$/m);
      const front = files.find((f) => f.includes('--front-'));
      expect(fs.readFileSync(path.join(dir, front as string, 'logs.txt'), 'utf8')).toContain('front says hello');
      expect(files.some((f) => f.startsWith('kurtosis-api--'))).toBe(true);

      const again = kurtosis(['enclave', 'dump', enclaveId, dir]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('is not empty');
      expect(fs.readdirSync(dir).sort()).toEqual(files);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints a pino module's logs as readable lines on a terminal, and as JSON when piped", () => {
    const onTerminal = kurtosisInPty(['module', 'exec', 'kurtosis-ts/datastore-army-module', '--enclave-id', `${enclaveId}-army`, '--execute-params', '{"numDatastores":0}'], { columns: 160 });
    enclaves.add(`${enclaveId}-army`);
    expect(onTerminal.status).toBe(0);
    expect(onTerminal.stdout).toMatch(/\d\d:\d\d:\d\d INFO +module serving/);
    expect(onTerminal.stdout).not.toContain('"level":30');
    const piped = kurtosis(['module', 'exec', 'kurtosis-ts/datastore-army-module', '--enclave-id', `${enclaveId}-army2`, '--execute-params', '{"numDatastores":0}']);
    enclaves.add(`${enclaveId}-army2`);
    expect(piped.stderr).toContain('"msg":"module serving"');
  });
});
