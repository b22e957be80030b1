// The testing package against the real engine image: it starts and answers on loopback only, loads
// and executes a real module, and leaves no container, network or volume behind — also when a
// module image does not exist or a test body throws.
import { execFileSync } from 'node:child_process';
import { KurtosisError } from '@kurtosis-ts/engine-client';
import { dockerObjectsOfEnclave } from '@kurtosis-ts/server-test-kit';
import { DEFAULT_ENGINE_IMAGE, KURTOSIS_TESTING_VERSION, KurtosisEngineContainer, withModuleInEnclave } from '@kurtosis-ts/testing';
import type { StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';

const ARMY_IMAGE = `kurtosis-ts/datastore-army-module:${KURTOSIS_TESTING_VERSION}`;
const DATASTORE_IMAGE = `kurtosis-ts/example-datastore-server:${KURTOSIS_TESTING_VERSION}`;
const NOTHING = { containers: [], networks: [], volumes: [] };

function inspectContainer(id: string): { Config: { Labels: Record<string, string> }; NetworkSettings: { Ports: Record<string, { HostIp: string }[]> } } {
  return JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' }))[0];
}

function containerExists(id: string): boolean {
  return execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `id=${id}`], { encoding: 'utf8' }).trim() !== '';
}

describe('KurtosisEngineContainer', () => {
  let engine: StartedKurtosisEngineContainer;

  beforeAll(async () => {
    engine = await new KurtosisEngineContainer().start();
  });

  afterAll(async () => {
    await engine?.stop();
  });

  it('runs the engine of this version, answering on a port published on 127.0.0.1 only', async () => {
    expect(engine.kurtosisContext.engineVersion).toBe(KURTOSIS_TESTING_VERSION);
    await expect(engine.kurtosisContext.getEnclaves()).resolves.toBeInstanceOf(Set);
    const info = inspectContainer(engine.getId());
    expect(info.NetworkSettings.Ports['9710/tcp']).toEqual([expect.objectContaining({ HostIp: '127.0.0.1', HostPort: String(engine.getEnginePort()) })]);
    expect(info.Config.Labels).toMatchObject({
      'com.kurtosistech.app-id': 'kurtosis',
      'com.kurtosistech.container-type': 'kurtosis-engine',
      'com.kurtosistech.id': KURTOSIS_TESTING_VERSION,
    });
    expect(DEFAULT_ENGINE_IMAGE).toBe(`kurtosis-ts/engine:${KURTOSIS_TESTING_VERSION}`);
  });

  it('loads a module into an enclave of its own, executes it, and destroy leaves nothing', async () => {
    const army = await engine.loadModuleInEnclave({ image: ARMY_IMAGE, loadParams: { datastoreImage: DATASTORE_IMAGE } });
    try {
      expect(army.enclaveId).toMatch(/^test-datastore-army-module-[0-9a-f]{8}$/);
      expect(army.moduleId).toBe('datastore-army-module');
      expect(await army.enclave.getModules()).toEqual(new Set(['datastore-army-module']));
      expect(await army.executeJson({ numDatastores: 2 })).toEqual({ createdServiceIdsToPortIds: { 'datastore-0': 'grpc', 'datastore-1': 'grpc' } });
      expect(JSON.parse(await army.execute('{"numDatastores":1}'))).toEqual({ createdServiceIdsToPortIds: { 'datastore-2': 'grpc' } });
      expect(dockerObjectsOfEnclave(army.enclaveId).containers).toHaveLength(5); // API container, module, 3 datastores
    } finally {
      await army.destroy();
    }
    expect(dockerObjectsOfEnclave(army.enclaveId)).toEqual(NOTHING);
    await expect(army.destroy()).resolves.toBeUndefined();
    expect(await engine.kurtosisContext.getEnclaves()).not.toContain(army.enclaveId);
  });

  it('takes the enclave ID, module ID and string load params it is given', async () => {
    const enclaveId = `test-given-${process.pid}`;
    await withModuleInEnclave(engine, { image: ARMY_IMAGE, enclaveId, moduleId: 'army', loadParams: `{"datastoreImage":"${DATASTORE_IMAGE}"}` }, async (army) => {
      expect(army.enclaveId).toBe(enclaveId);
      expect(army.moduleId).toBe('army');
      expect(await army.executeJson({ numDatastores: 0 })).toEqual({ createdServiceIdsToPortIds: {} });
    });
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
  });

  it('destroys the enclave when the test body throws, and the error is the test body’s', async () => {
    const enclaveId = `test-throws-${process.pid}`;
    const failure = withModuleInEnclave(engine, { image: ARMY_IMAGE, enclaveId }, async () => {
      throw new Error('the test failed');
    });
    await expect(failure).rejects.toThrow('the test failed');
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
  });

  it('refuses a module image that does not exist, naming it, and leaks nothing', async () => {
    const enclaveId = `test-missing-image-${process.pid}`;
    const image = 'kurtosis-ts-test/no-such-module:0.0.0';
    const err = await engine.loadModuleInEnclave({ image, enclaveId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KurtosisError);
    expect((err as KurtosisError).message).toContain(image);
    expect(dockerObjectsOfEnclave(enclaveId)).toEqual(NOTHING);
    expect(await engine.kurtosisContext.getEnclaves()).not.toContain(enclaveId);
  });

  it('stop() destroys the enclaves it created that still exist, then removes the engine container', async () => {
    const other = await new KurtosisEngineContainer().start();
    let enclaveIds: string[] = [];
    try {
      const kept = await other.loadModuleInEnclave({ image: ARMY_IMAGE, loadParams: { datastoreImage: DATASTORE_IMAGE } });
      await kept.execute({ numDatastores: 1 });
      const destroyedFirst = await other.loadModuleInEnclave({ image: ARMY_IMAGE });
      await destroyedFirst.destroy();
      enclaveIds = [kept.enclaveId, destroyedFirst.enclaveId];
      expect(dockerObjectsOfEnclave(kept.enclaveId).containers).toHaveLength(3);
    } finally {
      await other.stop();
    }
    for (const id of enclaveIds) expect(dockerObjectsOfEnclave(id)).toEqual(NOTHING);
    expect(containerExists(other.getId())).toBe(false);
  });
});
