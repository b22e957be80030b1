// restoreEnclave against the in-memory backend: an API container started again (a new process, the
// backend's view of its addresses rebuilt from what runs) holds and enforces what it held before.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiContainerApi } from '@kurtosis-ts/protos';
import type { serviceConfigApi } from '@kurtosis-ts/protos';
import type { ApiContainerArgs } from '@kurtosis-ts/protos';
import { restoreEnclave, STATE_FILE_NAME } from './restore-enclave';
import type { ModuleConnection } from './module/module-store';
import type { ServiceReplacement } from './service/service-replacement';
import { inMemoryEnclave, silentLog } from '../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../test/support/in-memory-enclave';

const available: ModuleConnection = { waitUntilAvailable: async () => undefined, execute: async () => '{}', close: () => undefined };

describe('restoreEnclave', () => {
  let env: InMemoryEnclave;
  let stateDir: string;
  let args: ApiContainerArgs;

  const restore = () => restoreEnclave({ backend: env.backend, args, moduleAvailabilityTimeoutMs: 100, log: silentLog, stateDir, dataDir: env.dataDir, connectModule: () => available });

  /** ReplaceService of 'web' whose new container never starts: it returns once the old one is gone. */
  const replaceNeverStarting = async (replacement: ServiceReplacement, config: serviceConfigApi.ServiceConfig) => {
    let reachedStart: () => void = () => undefined;
    const atStart = new Promise<void>((resolve) => (reachedStart = resolve));
    const startService = jest.spyOn(env.backend, 'startService').mockImplementationOnce(() => {
      reachedStart();
      return new Promise(() => undefined);
    });
    void replacement.replaceService({ serviceId: 'web', stopTimeoutSeconds: 0, config });
    await atStart;
    startService.mockRestore();
  };

  beforeEach(async () => {
    env = await inMemoryEnclave({ partitioned: true });
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'api-container-state-'));
    args = { enclaveId: env.enclaveId, ownIpAddress: '172.16.0.2', listenPort: 7443, isPartitioningEnabled: true, logLevel: 'info', version: '0.1.0' };
  });
  afterEach(() => {
    env.cleanUp();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps services (started and only registered), external registrations, the topology and modules across a restart', async () => {
    const first = await restore();
    const started = await first.network.registerService({ serviceId: 'started', partitionId: '' });
    await first.network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'started', dockerImage: 'web:1' }));
    const registered = await first.network.registerService({ serviceId: 'registered', partitionId: '' });
    const external = await first.network.startExternalContainerRegistration();
    env.backend.addExternalContainer({ name: 'outside', enclaveId: env.enclaveId, ip: external.ipAddr });
    await first.network.finishExternalContainerRegistration({ registrationKey: external.registrationKey, containerId: 'outside' });
    await first.network.repartition({ partitionServices: { x: ['started'], y: ['registered'] }, connections: [], defaultLossPercentage: 100 });
    await first.modules.load({ moduleId: 'mod', containerImage: 'mod:1', serializedParams: '{}' });

    // A new API container process: the backend forgets what only the old one held in memory.
    env.backend.forgetUnstartedAddresses(env.enclaveId);
    const second = await restore();
    expect(second.network.getServiceIds()).toEqual(['started']);
    expect(second.registry.get('registered')).toMatchObject({ state: 'registered', privateIp: registered.privateIpAddr });
    expect(second.network.getServiceInfo('started').privateIpAddr).toBe(started.privateIpAddr);
    expect(second.network.externals.containerIps()).toEqual([external.ipAddr]);
    expect(second.modules.moduleIds()).toEqual(['mod']);
    // None of the addresses held before is handed out again.
    const fresh = await second.network.registerService({ serviceId: 'fresh', partitionId: 'x' });
    expect([started.privateIpAddr, registered.privateIpAddr, external.ipAddr, ...second.modules.privateIps()]).not.toContain(fresh.privateIpAddr);
    // The registered service starts, in its sidecar, with the rules of its partition.
    await second.network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'registered', dockerImage: 'web:1' }));
    const registeredGuid = second.registry.get('registered').guid;
    expect(env.shells.of(env.enclaveId, registeredGuid).at(-1)).toContain(`-d ${started.privateIpAddr}/32 -j DROP`);
  });

  it('keeps each service\'s recorded configuration, replaced or not, and replaces it after the restart', async () => {
    const first = await restore();
    for (const id of ['kept', 'replaced']) {
      await first.network.registerService({ serviceId: id, partitionId: '' });
      await first.network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: id, dockerImage: 'web:1', cmdArgs: ['serve'], dockerEnvVars: { MODE: 'fast' } }));
    }
    const replacedConfig = first.replacement.getServiceConfig('replaced').config;
    if (!replacedConfig) throw new Error('no configuration');
    await first.replacement.replaceService({ serviceId: 'replaced', stopTimeoutSeconds: 0, config: { ...replacedConfig, dockerImage: 'web:2' } });

    env.backend.forgetUnstartedAddresses(env.enclaveId);
    const second = await restore();
    expect(second.replacement.getServiceConfig('kept').config).toMatchObject({ dockerImage: 'web:1', cmdArgs: ['serve'], dockerEnvVars: { MODE: 'fast' } });
    const after = second.replacement.getServiceConfig('replaced');
    expect(after.config?.dockerImage).toBe('web:2');
    await second.replacement.replaceService({ serviceId: 'replaced', stopTimeoutSeconds: 0, config: { ...replacedConfig, dockerImage: 'web:3' } });
    expect(second.replacement.getServiceConfig('replaced').privateIpAddr).toBe(after.privateIpAddr);
  });

  it('starts a service again when the API container ended in the middle of replacing it', async () => {
    const first = await restore();
    await first.network.repartition({ partitionServices: { x: [] }, connections: [], defaultLossPercentage: 0 });
    const { privateIpAddr } = await first.network.registerService({ serviceId: 'web', partitionId: 'x' });
    await first.network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'web', dockerImage: 'web:1', cmdArgs: ['serve'] }));
    const config = first.replacement.getServiceConfig('web').config;
    if (!config) throw new Error('no configuration');
    const guid = first.registry.get('web').guid;
    // The old container is gone, the new one never comes: the API container is as good as dead.
    await replaceNeverStarting(first.replacement, { ...config, dockerImage: 'web:2' });
    expect((await env.backend.getUserServices(env.enclaveId)).map((s) => s.serviceId)).toEqual([]);

    env.backend.forgetUnstartedAddresses(env.enclaveId);
    const second = await restore();
    // The same service, running the configuration it was being replaced with, at its address, in its partition.
    expect(second.network.getServiceIds()).toEqual(['web']);
    expect(second.registry.get('web')).toMatchObject({ state: 'started', guid, privateIp: privateIpAddr });
    expect(second.replacement.getServiceConfig('web')).toMatchObject({ config: { dockerImage: 'web:2', cmdArgs: ['serve'] }, partitionId: 'x', privateIpAddr });
    expect((await env.backend.getUserServices(env.enclaveId)).map((s) => s.serviceId)).toEqual(['web']);
    // Nothing is pending any more: a third API container finds it as it is.
    env.backend.forgetUnstartedAddresses(env.enclaveId);
    const third = await restore();
    expect(third.replacement.getServiceConfig('web').config?.dockerImage).toBe('web:2');
  });

  it('starts the old configuration when the one it was being replaced with cannot start after the restart', async () => {
    const first = await restore();
    await first.network.registerService({ serviceId: 'web', partitionId: '' });
    await first.network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'web', dockerImage: 'web:1' }));
    const config = first.replacement.getServiceConfig('web').config;
    if (!config) throw new Error('no configuration');
    await replaceNeverStarting(first.replacement, { ...config, dockerImage: 'web:2' });
    env.backend.failNext('startService', new Error('web:2 exits at once'));

    env.backend.forgetUnstartedAddresses(env.enclaveId);
    const second = await restore();
    expect(second.replacement.getServiceConfig('web').config?.dockerImage).toBe('web:1');
    expect((await env.backend.getUserServices(env.enclaveId)).map((s) => s.serviceId)).toEqual(['web']);
  });

  it('starts from what the backend reports when its state file is unreadable', async () => {
    const first = await restore();
    await first.network.registerService({ serviceId: 'started', partitionId: '' });
    await first.network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'started', dockerImage: 'web:1' }));
    await first.network.registerService({ serviceId: 'lost', partitionId: '' });
    writeFileSync(path.join(stateDir, STATE_FILE_NAME), '{ not json');
    env.backend.forgetUnstartedAddresses(env.enclaveId);
    const second = await restore();
    expect(second.network.getServiceIds()).toEqual(['started']);
    expect(second.registry.allServiceIds()).toEqual(['started']);
  });
});
