// Modules from a real registry (tools/docker/ensure-registry.sh): `module exec REGISTRY/NAME:TAG` on a
// host without the image pulls it — and the datastores it starts, given by reference — with per-layer
// progress on stderr and the result alone on stdout, the same result as the local run; credentials
// come from Docker's config (none, wrong, right); an unknown tag, a stopped registry and a malformed
// reference fail before any enclave exists (the enclave is made while the layers come, once the
// registry has answered with them). The images pulled carry a layer made for this run (so a
// pull really downloads), live under kurtosis-ts-test/, and are removed with their registry data.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { backend, destroyEnclaves, dockerConfigDir, dockerObjectsOfEnclave, TestRegistry } from '@kurtosis-ts/server-test-kit';
import { kurtosis, kurtosisInPty, RunningCli } from './cli-runner';
import { LayerRefusingProxy } from './layer-refusing-proxy';

const NOTHING = { containers: [], networks: [], volumes: [] };
const ARMY = 'kurtosis-ts/datastore-army-module:0.1.0';
const DATASTORE = 'kurtosis-ts/example-datastore-server:0.1.0';
const LOGIN = { username: 'kurtosis', password: `registry-${process.pid}` };

/**
 * `base` plus one layer of random bytes: pushed and removed locally, a pull of it downloads that
 * layer. The tag is in a label before it, so that Docker's build cache makes each tag its own.
 */
function withOwnLayer(base: string, tag: string): string {
  execFileSync('docker', ['build', '-q', '-t', tag, '-'], {
    input: `FROM ${base}\nLABEL com.kurtosistech.test=registry com.kurtosistech.test-image=${JSON.stringify(tag)}\nRUN head -c 3000000 /dev/urandom > /registry-test-layer\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  return tag;
}

const present = (image: string) => spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0;
const removeLocal = (image: string) => spawnSync('docker', ['image', 'rm', '-f', image], { stdio: 'ignore' });

describe('module exec from a registry', () => {
  let open: TestRegistry;
  let locked: TestRegistry;
  let army: string;
  let datastore: string;
  let lockedArmy: string;
  const configDirs: string[] = [];
  const enclaves = new Set<string>();
  const localImages: string[] = [];
  let enginesBefore: string[] = [];
  const id = (name: string) => {
    const enclaveId = `registry-${name}-${process.pid}`;
    enclaves.add(enclaveId);
    return enclaveId;
  };
  const configWith = (logins: Parameters<typeof dockerConfigDir>[0]) => {
    const dir = dockerConfigDir(logins);
    configDirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    enginesBefore = (await backend.getEngines()).map((e) => e.guid);
    open = TestRegistry.open();
    locked = await TestRegistry.withLogin(LOGIN);
    localImages.push(withOwnLayer(ARMY, `kurtosis-ts-test/registry-army:${process.pid}`), withOwnLayer(DATASTORE, `kurtosis-ts-test/registry-datastore:${process.pid}`));
    army = open.push(localImages[0], `kurtosis-ts-test/datastore-army-module:${process.pid}`);
    datastore = open.push(localImages[1], `kurtosis-ts-test/example-datastore-server:${process.pid}`);
    lockedArmy = locked.push(localImages[0], `kurtosis-ts-test/datastore-army-module:${process.pid}`);
    // A host without the images: their only layer of their own goes with them.
    for (const image of localImages) removeLocal(image);
  });

  afterAll(async () => {
    await destroyEnclaves(enclaves);
    for (const e of await backend.getEngines()) if (!enginesBefore.includes(e.guid)) await backend.destroyEngine(e.guid);
    for (const image of [...localImages, army, datastore, lockedArmy]) if (image) removeLocal(image);
    await open?.close();
    await locked?.close();
    for (const dir of configDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pulls the module and the datastores it starts, with progress on stderr only, and answers as the local run', () => {
    const params = { numDatastores: 2 };
    const local = kurtosis(['module', 'exec', ARMY, '--enclave-id', id('local'), '--execute-params', JSON.stringify(params)]);
    expect(local.status).toBe(0);
    expect(present(army)).toBe(false);
    const pulled = kurtosis(['module', 'exec', army, '--enclave-id', id('pulled'), '--execute-params', JSON.stringify({ ...params, datastoreImage: datastore })], {
      env: { DOCKER_CONFIG: configWith({}) },
    });
    expect({ status: pulled.status, stderr: pulled.status === 0 ? '' : pulled.stderr }).toEqual({ status: 0, stderr: '' });
    expect(pulled.stdout).toBe(local.stdout);
    expect(JSON.parse(pulled.stdout)).toEqual({ createdServiceIdsToPortIds: { 'datastore-0': 'grpc', 'datastore-1': 'grpc' } });
    expect(pulled.stderr).toContain(`Pulling ${army}…`);
    expect(pulled.stderr).toMatch(new RegExp(`^${army.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: layer \\w+: downloading \\(3\\.0 MB\\)$`, 'm'));
    expect(pulled.stderr).toMatch(/: layer \w+: already exists$/m);
    expect(pulled.stderr).toMatch(new RegExp(`^Pulled ${army.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(sha256:[0-9a-f]{64}\\): \\d+ layer\\(s\\), 3\\.0 MB in`, 'm'));
    // The enclave is created once the registry has answered with layers (while they download and
    // extract), and the module loaded once the pull is complete.
    expect(pulled.stderr.indexOf(`Pulling ${army}…`)).toBeLessThan(pulled.stderr.indexOf('Creating enclave'));
    expect(pulled.stderr.indexOf('Pulled ')).toBeLessThan(pulled.stderr.indexOf('Loading module'));
    expect(pulled.stdout).not.toMatch(/layer|Pull/);
    // The datastores' image, given by reference, was pulled by the API container.
    expect(present(army)).toBe(true);
    expect(present(datastore)).toBe(true);

    // Present now: nothing is pulled.
    const again = kurtosis(['module', 'exec', army, '--enclave-id', id('again'), '--execute-params', JSON.stringify({ ...params, datastoreImage: datastore })]);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('Pulling');
    expect(again.stdout).toBe(local.stdout);
  });

  it('draws a bar with bytes per layer on a terminal', () => {
    // An image of its own: the enclaves above still hold the first one's layers.
    const local = withOwnLayer(ARMY, `kurtosis-ts-test/registry-army-pty:${process.pid}`);
    localImages.push(local);
    const image = open.push(local, `kurtosis-ts-test/datastore-army-module:pty-${process.pid}`);
    removeLocal(local);
    // Removed after its enclave (afterAll): a tag removed under a running container leaves a dangling image.
    localImages.push(image);
    const run = kurtosisInPty(['module', 'exec', image, '--enclave-id', id('pty')], { columns: 120, env: { DOCKER_CONFIG: configWith({}) } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/: downloading \[[= >]{20}\] [\d.]+ [kM]?B\/3\.0 MB/);
    expect(run.stdout).toContain('{"createdServiceIdsToPortIds":{}}');
  });

  it('uses the credentials of Docker’s config for a registry that asks: none, wrong, right', () => {
    const none = kurtosis(['module', 'exec', lockedArmy, '--enclave-id', id('no-login')], { env: { DOCKER_CONFIG: configWith({}) } });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`Error: Pulling image '${lockedArmy}': registry ${locked.host} asks for credentials and none were accepted (log in with: docker login ${locked.host})`);
    expect(none.stderr).not.toContain('Creating enclave');
    expect(dockerObjectsOfEnclave(`registry-no-login-${process.pid}`)).toEqual(NOTHING);

    const wrong = kurtosis(['module', 'exec', lockedArmy, '--enclave-id', id('wrong-login')], { env: { DOCKER_CONFIG: configWith({ [locked.host]: { ...LOGIN, password: 'wrong' } }) } });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`Error: Pulling image '${lockedArmy}': registry ${locked.host} refused the credentials`);
    expect(wrong.stderr).not.toContain('wrong');
    expect(dockerObjectsOfEnclave(`registry-wrong-login-${process.pid}`)).toEqual(NOTHING);

    const right = kurtosis(['module', 'exec', lockedArmy, '--enclave-id', id('login')], { env: { DOCKER_CONFIG: configWith({ [locked.host]: LOGIN }) } });
    expect({ status: right.status, stdout: right.stdout }).toEqual({ status: 0, stdout: '{"createdServiceIdsToPortIds":{}}\n' });
    expect(right.stderr).toContain(`Pulled ${lockedArmy}`);
    expect(right.stderr).not.toContain(LOGIN.password);
  });

  it('says NOT_FOUND for a tag the registry does not have, naming it and the registry, and creates nothing', () => {
    const missing = `${open.host}/kurtosis-ts-test/datastore-army-module:no-such-tag-${process.pid}`;
    const run = kurtosis(['module', 'exec', missing, '--enclave-id', id('missing')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Error: Pulling image '${missing}': registry ${open.host} has no such repository or tag`);
    expect(dockerObjectsOfEnclave(`registry-missing-${process.pid}`)).toEqual(NOTHING);
  });

  it('says the registry cannot be reached once it stopped, and creates nothing', async () => {
    const own = await TestRegistry.own();
    try {
      const image = own.push(withOwnLayer(DATASTORE, `kurtosis-ts-test/registry-stopping:${process.pid}`), `kurtosis-ts-test/stopping:${process.pid}`);
      removeLocal(`kurtosis-ts-test/registry-stopping:${process.pid}`);
      expect(await own.has(image)).toBe(true);
      own.stop();
      const run = kurtosis(['module', 'exec', image, '--enclave-id', id('stopped')]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Error: Pulling image '${image}': registry ${own.host} cannot be reached`);
      expect(dockerObjectsOfEnclave(`registry-stopped-${process.pid}`)).toEqual(NOTHING);
    } finally {
      await own.close();
    }
  });

  it('removes the enclave it was creating when the pull fails after the registry answered with layers', async () => {
    const local = withOwnLayer(ARMY, `kurtosis-ts-test/registry-midway:${process.pid}`);
    localImages.push(local);
    const image = open.push(local, `kurtosis-ts-test/midway:${process.pid}`);
    removeLocal(local);
    const proxy = await LayerRefusingProxy.start(open.host, await open.layerDigests(image));
    try {
      const through = image.replace(open.host, proxy.host);
      localImages.push(through);
      // In the background: the proxy answers from this process.
      const run = RunningCli.start(['module', 'exec', through, '--enclave-id', id('midway')], { env: { DOCKER_CONFIG: configWith({}) } });
      const exit = await run.done(120_000);
      expect({ code: exit.code, refused: proxy.refused.length > 0 }).toEqual({ code: 1, refused: true });
      expect(run.stderr).toContain(`Pulling ${through}…`);
      expect(run.stderr).toContain(`Creating enclave registry-midway-${process.pid}`);
      expect(run.stderr).toMatch(new RegExp(`^Error: Pulling image '${through.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}': registry ${proxy.host} lacks a layer its manifest names`, 'm'));
      expect(run.stderr).not.toContain('Loading module');
      expect(dockerObjectsOfEnclave(`registry-midway-${process.pid}`)).toEqual(NOTHING);
    } finally {
      await proxy.close();
    }
  });

  it('follows --pull: never pulls nothing, always asks the registry (up to date, then a moved tag fetched), missing keeps what is here', () => {
    const first = withOwnLayer(ARMY, `kurtosis-ts-test/registry-policy-1:${process.pid}`);
    const second = withOwnLayer(ARMY, `kurtosis-ts-test/registry-policy-2:${process.pid}`);
    localImages.push(first, second);
    const image = open.push(first, `kurtosis-ts-test/policy:${process.pid}`);
    localImages.push(image);
    const exec = (name: string, ...flags: string[]) => kurtosis(['module', 'exec', image, '--enclave-id', id(name), ...flags], { env: { DOCKER_CONFIG: configWith({}) } });

    const never = exec('policy-never', '--pull', 'never');
    expect(never.status).toBe(1);
    expect(never.stderr).toContain(`Error: Image '${image}' is not present, and the pull policy 'never' says not to pull it`);
    expect(dockerObjectsOfEnclave(`registry-policy-never-${process.pid}`)).toEqual(NOTHING);

    const pulled = exec('policy-pulled');
    expect(pulled.status).toBe(0);
    const firstDigest = /^Pulled \S+ \((sha256:[0-9a-f]{64})\)/m.exec(pulled.stderr)?.[1];
    expect(firstDigest).toBeDefined();

    const same = exec('policy-same', '--pull', 'always');
    expect({ status: same.status, upToDate: same.stderr.includes(`${image} is up to date (${firstDigest})`), pulled: same.stderr.includes('Pulled ') }).toEqual({ status: 0, upToDate: true, pulled: false });

    // The tag moves in the registry; here it still names the image pulled before.
    open.push(second, `kurtosis-ts-test/policy:${process.pid}`);

    const kept = exec('policy-kept');
    expect({ status: kept.status, asked: kept.stderr.includes('Pulling') || kept.stderr.includes('up to date') }).toEqual({ status: 0, asked: false });
    const moved = exec('policy-moved', '--pull', 'always');
    expect(moved.status).toBe(0);
    const movedDigest = /^Pulled \S+ \((sha256:[0-9a-f]{64})\)/m.exec(moved.stderr)?.[1];
    expect(moved.stderr).toMatch(/^Pulled /m);
    expect(movedDigest).toMatch(/^sha256:/);
    expect(movedDigest).not.toBe(firstDigest);
    expect(moved.stdout).toBe('{"createdServiceIdsToPortIds":{}}\n');
  });

  it('refuses a malformed reference as a usage error before anything is asked', () => {
    const run = kurtosis(['module', 'exec', `${open.host}/Kurtosis_TS/Bad:1`, '--enclave-id', id('malformed')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^Error: Module image: '127\.0\.0\.1:5000\/Kurtosis_TS\/Bad:1' is not an image reference: the repository path component 'Kurtosis_TS' must be lowercase/m);
    expect(dockerObjectsOfEnclave(`registry-malformed-${process.pid}`)).toEqual(NOTHING);
  });
});
