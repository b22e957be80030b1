// The network mutator in a real, partitioned enclave of four example datastores: a dry run changes
// nothing; a rolling upgrade to a second tag of the datastore image keeps every service ID and IP,
// never has more than maxUnavailable down (watched from the host while it runs) and keeps what was
// written to the data volume; an upgrade to an image that exits at once stops after the first batch
// and rolls it back; reconfigure changes the env `exec env` sees; exec collects exit codes; scaling
// out from a template lands in its partition, scaling in removes the newest; and ReplaceService
// works after the API container restarted.
import { execFileSync } from 'node:child_process';
import { credentials, Metadata } from '@grpc/grpc-js';
import { ContainerConfigBuilder, PortSpec, UnblockedPartitionConnection } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext } from '@kurtosis-ts/module-api-lib';
import { DATASTORE_PORT, datastoreApi, ENCLAVE_DATA_DIR_MOUNTPOINT } from '@kurtosis-ts/protos';
import { KurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { ModuleUnderTest, StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { MutationReport } from '../src/mutation-run';

const VERSION = '0.1.0';
const MODULE_IMAGE = `kurtosis-ts/network-mutator-module:${VERSION}`;
const DATASTORE_REPOSITORY = 'kurtosis-ts/example-datastore-server';
const OLD_IMAGE = `${DATASTORE_REPOSITORY}:${VERSION}`;
// A second tag of the same image, made here and removed after: an upgrade "from one tag to another".
const NEW_TAG = `mutator-test-${process.pid}`;
const NEW_IMAGE = `${DATASTORE_REPOSITORY}:${NEW_TAG}`;
/** Its CMD is bash, which exits at once without a terminal. */
const EXITING_IMAGE = 'debian:bookworm-slim';
const DATASTORES = ['ds-0', 'ds-1', 'ds-2', 'ds-3'];

describe('network mutator', () => {
  let engine: StartedKurtosisEngineContainer;
  let mutator: ModuleUnderTest;
  let enclave: EnclaveContext;

  beforeAll(async () => {
    execFileSync('docker', ['tag', OLD_IMAGE, NEW_IMAGE]);
    engine = await new KurtosisEngineContainer().start();
    mutator = await engine.loadModuleInEnclave({ image: MODULE_IMAGE, moduleId: 'mutator', isPartitioningEnabled: true });
    enclave = mutator.enclave;
    await Promise.all(
      DATASTORES.map((id) => enclave.addService(id, () => new ContainerConfigBuilder(OLD_IMAGE).withUsedPorts(new Map([['grpc', new PortSpec(DATASTORE_PORT)]])).build())),
    );
    for (const id of DATASTORES) expect(await answersFromHost(id, 30_000)).toBe(true);
  });

  afterAll(async () => {
    await mutator?.destroy();
    await engine?.stop();
    // Only the tag this test made; the image itself stays.
    execFileSync('docker', ['rmi', NEW_IMAGE], { stdio: 'ignore' });
  });

  /** IsAvailable through the service's loopback port (read afresh: a replaced service may have a new one). */
  async function answersFromHost(serviceId: string, timeoutMs = 1000): Promise<boolean> {
    let port: number | undefined;
    try {
      port = (await enclave.getServiceContext(serviceId)).getPublicPorts().get('grpc')?.number;
    } catch {
      return false;
    }
    const client = new datastoreApi.DatastoreServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
    try {
      return await new Promise<boolean>((resolve) =>
        client.isAvailable({}, new Metadata({ waitForReady: true }), { deadline: Date.now() + timeoutMs }, (err) => resolve(err === null)),
      );
    } finally {
      client.close();
    }
  }

  /** Per service: its IP and its configured image and env, as the API container reports them. */
  async function snapshot(): Promise<Record<string, { ip: string; image: string; env: Record<string, string>; partition: string }>> {
    const ids = [...(await enclave.getServices())].sort();
    const infos = await Promise.all(ids.map((id) => enclave.getServiceConfig(id)));
    return Object.fromEntries(ids.map((id, i) => [id, { ip: infos[i].privateIp, image: infos[i].config.image, env: infos[i].config.env, partition: infos[i].partitionId }]));
  }

  /** Watches the datastores from the host until stopped: the most that were down (not running, or not answering) at one time. */
  function watchUnavailable(serviceIds: readonly string[]): { stop(): Promise<{ maxDown: number; observations: number }> } {
    let stopped = false;
    let maxDown = 0;
    let observations = 0;
    const loop = (async () => {
      while (!stopped) {
        const statuses = await enclave.getServiceStatuses();
        const answering = await Promise.all(serviceIds.map((id) => (statuses.get(id)?.status === 'running' ? answersFromHost(id, 500) : false)));
        maxDown = Math.max(maxDown, answering.filter((up) => !up).length);
        observations++;
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await loop;
        return { maxDown, observations };
      },
    };
  }

  const dataFile = (id: string) => `${ENCLAVE_DATA_DIR_MOUNTPOINT}/mutator-test-${id}.txt`;

  it('in a dry run reports what it would do and changes nothing', async () => {
    const before = await snapshot();
    const report = await mutator.executeJson<MutationReport>({
      dryRun: true,
      pauseBetweenSeconds: 30,
      steps: [
        { action: 'upgrade', tag: NEW_TAG, targets: { pattern: 'ds-\\d' } },
        { action: 'scale', template: 'ds-0', add: 2 },
        // Not random: a random pick could be ds-1, which the next step needs (and the plan would be refused).
        { action: 'scale', targets: { pattern: 'ds-\\d' }, remove: 1, choose: 'newest' },
        { action: 'exec', targets: { serviceIds: ['ds-1'] }, command: ['sh', '-c', 'rm -rf /'] },
      ],
    });
    expect(report.status).toBe('dry-run');
    expect(report.events.every((e) => e.outcome === 'would-do')).toBe(true);
    expect(report.events.filter((e) => e.action === 'upgrade').map((e) => [e.serviceId, e.from, e.to])).toEqual(DATASTORES.map((id) => [id, OLD_IMAGE, NEW_IMAGE]));
    expect(report.events.filter((e) => e.action === 'add').map((e) => e.serviceId)).toEqual(['ds-0-1', 'ds-0-2']);
    expect(report.events.filter((e) => e.action === 'remove').map((e) => e.serviceId)).toEqual(['ds-3']);
    expect(await snapshot()).toEqual(before);
    expect([...(await enclave.getServiceStatuses()).values()].every((s) => s.status === 'running')).toBe(true);
  });

  it('refuses a bad plan naming the step and field, before anything changes', async () => {
    const before = await snapshot();
    const refusal = mutator.execute({ steps: [{ action: 'restart', targets: { pattern: 'ds-\\d' } }, { action: 'upgrade', tag: 'x', targets: { serviceIds: ['ghost'] } }] });
    await expect(refusal).rejects.toMatchObject({ code: 3, message: expect.stringMatching(/'steps\.1\.targets\.serviceIds'.*ghost/) });
    expect(await snapshot()).toEqual(before);
  });

  it('upgrades the datastores one by one to another tag: same IDs and IPs, at most maxUnavailable down, data volume kept', async () => {
    // Each datastore keeps a file on the data volume, which outlives its container.
    for (const id of DATASTORES) {
      const result = await (await enclave.getServiceContext(id)).execCommand(['sh', '-c', `echo "data of ${id}" > ${dataFile(id)}`]);
      expect(result.exitCode).toBe(0);
    }
    const before = await snapshot();
    const watch = watchUnavailable(DATASTORES);
    const startedAt = Date.now();
    const report = await mutator.executeJson<MutationReport>({
      steps: [{ action: 'upgrade', tag: NEW_TAG, targets: { pattern: 'ds-\\d' }, batchSize: 1, maxUnavailable: 1, readiness: { tcpPort: 'grpc' }, readinessTimeoutSeconds: 30 }],
    });
    const { maxDown, observations } = await watch.stop();
    console.log(`rolling upgrade of 4 datastores: ${Date.now() - startedAt} ms, ${observations} observations from the host, at most ${maxDown} down at once`);
    expect(report.status).toBe('finished');
    expect(report.events.map((e) => [e.serviceId, e.action, e.from, e.to, e.outcome])).toEqual(DATASTORES.map((id) => [id, 'upgrade', OLD_IMAGE, NEW_IMAGE, 'done']));
    expect(observations).toBeGreaterThan(4);
    expect(maxDown).toBeLessThanOrEqual(1);
    const after = await snapshot();
    for (const id of DATASTORES) {
      expect(after[id]).toEqual({ ...before[id], image: NEW_IMAGE });
      expect(await answersFromHost(id, 10_000)).toBe(true);
      expect(await (await enclave.getServiceContext(id)).execCommand(['cat', dataFile(id)])).toEqual({ exitCode: 0, logOutput: `data of ${id}\n` });
    }
  });

  it('stops an upgrade to an image that exits at once after the first batch, and rolls that batch back', async () => {
    const before = await snapshot();
    const report = await mutator.executeJson<MutationReport>({
      steps: [
        { action: 'upgrade', image: EXITING_IMAGE, targets: { pattern: 'ds-\\d' }, batchSize: 2, readiness: { tcpPort: 'grpc' }, readinessTimeoutSeconds: 30 },
        { action: 'exec', targets: { pattern: 'ds-\\d' }, command: ['true'] },
      ],
    });
    expect(report).toMatchObject({ status: 'failed', failedStep: 0, stepsCompleted: 0 });
    expect(report.error).toMatch(/batch 0: .*exited.*the batch was rolled back/);
    expect(report.events.map((e) => [e.serviceId, e.action, e.outcome])).toEqual(
      expect.arrayContaining([
        ['ds-0', 'upgrade', 'failed'],
        ['ds-1', 'upgrade', 'failed'],
        ['ds-0', 'rollback', 'done'],
        ['ds-1', 'rollback', 'done'],
      ]),
    );
    expect(report.events.some((e) => e.serviceId === 'ds-2' || e.serviceId === 'ds-3' || e.action === 'exec')).toBe(false);
    expect(await snapshot()).toEqual(before);
    for (const id of DATASTORES) expect(await answersFromHost(id, 10_000)).toBe(true);
  });

  it('reconfigures env, which `exec env` then sees', async () => {
    const report = await mutator.executeJson<MutationReport>({
      steps: [{ action: 'reconfigure', targets: { serviceIds: ['ds-1'] }, env: { CACHE_MODE: 'write-through' }, readiness: { tcpPort: 'grpc' } }],
    });
    expect(report.status).toBe('finished');
    expect(report.events[0]).toMatchObject({ serviceId: 'ds-1', from: 'CACHE_MODE unset', to: 'CACHE_MODE=write-through', outcome: 'done' });
    const env = await (await enclave.getServiceContext('ds-1')).execCommand(['env']);
    expect(env.logOutput).toMatch(/^CACHE_MODE=write-through$/m);
    expect((await enclave.getServiceConfig('ds-1')).config.env).toEqual({ CACHE_MODE: 'write-through' });
    expect((await (await enclave.getServiceContext('ds-2')).execCommand(['env'])).logOutput).not.toMatch(/CACHE_MODE/);
  });

  it('runs a command in each selected service and collects exit codes and bounded output', async () => {
    const command = ['sh', '-c', 'echo "rows: $(seq 1 1000 | wc -l)"; printf "%0500d" 0; exit 3'];
    const failed = await mutator.executeJson<MutationReport>({ steps: [{ action: 'exec', targets: { pattern: 'ds-[01]' }, command, maxOutputBytes: 20 }] });
    expect(failed).toMatchObject({ status: 'failed', failedStep: 0 });
    expect(failed.events.map((e) => [e.serviceId, e.exitCode, e.outcome, e.output?.slice(0, 11)]).sort()).toEqual([
      ['ds-0', 3, 'failed', 'rows: 1000\n'],
      ['ds-1', 3, 'failed', 'rows: 1000\n'],
    ]);
    expect(failed.events[0].output).toMatch(/… \(\d+ more bytes\)$/);
    const allowed = await mutator.executeJson<MutationReport>({ steps: [{ action: 'exec', targets: { pattern: 'ds-[01]' }, command, okExitCodes: [3] }] });
    expect(allowed.status).toBe('finished');
  });

  it("scales out 3 from a template into the template's partition, then in 2 (the newest)", async () => {
    await enclave.repartitionNetwork(
      new Map([
        ['edge', new Set(['ds-0'])],
        ['core', new Set(['ds-1', 'ds-2', 'ds-3'])],
      ]),
      new Map(),
      new UnblockedPartitionConnection(),
    );
    const report = await mutator.executeJson<MutationReport>({
      steps: [
        { action: 'scale', template: 'ds-0', add: 3 },
        { action: 'scale', targets: { pattern: 'ds-0-\\d+' }, remove: 2, choose: 'newest' },
      ],
    });
    expect(report.status).toBe('finished');
    expect(report.events.map((e) => [e.serviceId, e.action, e.outcome])).toEqual([
      ['ds-0-1', 'add', 'done'],
      ['ds-0-2', 'add', 'done'],
      ['ds-0-3', 'add', 'done'],
      ['ds-0-3', 'remove', 'done'],
      ['ds-0-2', 'remove', 'done'],
    ]);
    expect([...(await enclave.getServices())].sort()).toEqual(['ds-0', 'ds-0-1', 'ds-1', 'ds-2', 'ds-3']);
    const clone = await enclave.getServiceConfig('ds-0-1');
    expect(clone).toMatchObject({ partitionId: 'edge', config: { image: NEW_IMAGE } });
    expect(await answersFromHost('ds-0-1', 30_000)).toBe(true);
  });

  it('replaces a service after its API container restarted, from the host and from the module', async () => {
    const [apiContainer] = execFileSync('docker', ['ps', '-q', '--filter', `label=com.kurtosistech.enclave-id=${mutator.enclaveId}`, '--filter', 'label=com.kurtosistech.container-type=api-container'])
      .toString()
      .trim()
      .split('\n');
    expect(apiContainer).toMatch(/^[0-9a-f]+$/);
    const before = await snapshot();
    execFileSync('docker', ['restart', '-t', '2', apiContainer], { stdio: 'ignore' });
    // The recorded configuration survived the restart (its state file), and so does replacing.
    const { config, privateIp } = await enclave.getServiceConfig('ds-2');
    expect(config.image).toBe(NEW_IMAGE);
    const replaced = await enclave.replaceService('ds-2', { ...config, env: { ...config.env, AFTER_RESTART: '1' } }, { stopTimeoutSeconds: 1 });
    expect(replaced.privateIp).toBe(privateIp);
    expect(await answersFromHost('ds-2', 30_000)).toBe(true);
    expect((await (await enclave.getServiceContext('ds-2')).execCommand(['printenv', 'AFTER_RESTART'])).logOutput).toBe('1\n');
    const report = await mutator.executeJson<MutationReport>({
      steps: [{ action: 'upgrade', tag: VERSION, targets: { serviceIds: ['ds-3'] }, readiness: { tcpPort: 'grpc' } }],
    });
    expect(report.status).toBe('finished');
    expect((await snapshot())['ds-3']).toEqual({ ...before['ds-3'], image: OLD_IMAGE });
  });
});
