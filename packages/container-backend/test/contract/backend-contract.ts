// The behaviour every KurtosisBackend must show, as Jest cases that run against any of them: the
// in-memory one (in-memory.contract.test.ts, with the unit tests) and Docker
// (docker.contract.integration.ts, base images only). What the fake answers here is what Docker
// answers, so tests written against the fake hold for the real thing.
import { cidrContains, formatIpv4, isDomainError, parseCidr, parseId, parseIpv4 } from '@kurtosis-ts/domain';
import type { EnclaveId, ServiceGuid } from '@kurtosis-ts/domain';
import type { KurtosisBackend, ObjectRef, PullProgressEvent, RegistryCredentials, OutputLine, ReadOutputOptions, RuntimeEvent, StartServiceConfig } from '../../src';

export interface ContractFixture {
  backend: KurtosisBackend;
  /** Runs until stopped (exiting 0 on SIGTERM) and has `sh`, `echo` and `cat`. */
  runningImage: string;
  /** An image that exists nowhere. */
  missingImage: string;
  /** Entrypoint and cmd of a service that prints `line` and then runs until stopped. */
  printing(line: string): Pick<StartServiceConfig, 'entrypoint' | 'cmd'>;
  /** Entrypoint and cmd of a service that prints each of `stdout` on stdout, then `stderr` on stderr, then runs until stopped. */
  printingApart(stdout: string[], stderr: string): Pick<StartServiceConfig, 'entrypoint' | 'cmd'>;
  /** Registries: images only a registry holds (an open one, and one behind a login), and one that does not answer. */
  registry: RegistryFixture;
  /** Starts someone else's container on the enclave's network at `ip` (the external registration way); returns its name. */
  startOutsideContainer(enclaveId: EnclaveId, ip: string): Promise<string>;
  cleanUp(): Promise<void>;
}

export interface RegistryFixture {
  /** In an open registry, with at least one layer the platform does not have. */
  image: string;
  /** The same repository, a tag it does not have. */
  missingTag: string;
  /** In a registry that asks for `login`. */
  loginImage: string;
  login: RegistryCredentials;
  /** On a registry address where nothing answers. */
  unreachableImage: string;
  /** Removes a pulled image from the platform again. */
  removeLocal(image: string): Promise<void>;
  /** Makes the registry hold another image (other layers) under `image`'s reference. */
  republish(image: string): Promise<void>;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function describeBackendContract(name: string, makeFixture: () => Promise<ContractFixture>, enclavePrefix: string): void {
  describe(`KurtosisBackend contract: ${name}`, () => {
    let fx: ContractFixture;
    let backend: KurtosisBackend;
    let enclaveId: EnclaveId;
    let counter = 0;
    const made: EnclaveId[] = [];
    const newEnclaveId = () => parseId('enclave', `${enclavePrefix}-${++counter}`);

    const service = (guid: ServiceGuid): ObjectRef => ({ kind: 'user-service', enclaveId, guid });
    const sleeper = (overrides: Partial<StartServiceConfig> = {}): StartServiceConfig => ({
      image: fx.runningImage,
      ports: { http: { number: 8080, protocol: 'tcp' } },
      ...fx.printing('started'),
      env: { GREETING: 'hi' },
      dataDirMountpoint: '',
      filesArtifacts: [],
      ...overrides,
    });
    const startNew = async (id: string, overrides: Partial<StartServiceConfig> = {}) => {
      const registration = await backend.registerService(enclaveId, parseId('service', id));
      return { registration, service: await backend.startService(enclaveId, registration.guid, sleeper(overrides)) };
    };

    beforeAll(async () => {
      fx = await makeFixture();
      backend = fx.backend;
      enclaveId = newEnclaveId();
      made.push(enclaveId);
      await backend.createEnclave(enclaveId, { isPartitioningEnabled: true, creatorEngineGuid: '' });
    });

    afterAll(async () => {
      for (const id of made) await backend?.destroyEnclave(id).catch(() => undefined);
      await fx?.cleanUp();
    });

    describe('enclaves', () => {
      it('creates an enclave on a private /24 of its own, listed by ID, and refuses its ID twice', async () => {
        const second = newEnclaveId();
        made.push(second);
        // No creator: an engine that shares the platform never touches it (a creator that does not run would make it an orphan to reconcile).
        const created = await backend.createEnclave(second, { isPartitioningEnabled: false, creatorEngineGuid: '' });
        expect(created).toMatchObject({ id: second, isPartitioningEnabled: false, creatorEngineGuid: '', sessionId: '' });
        expect(created.subnet).toMatch(/\/24$/);
        const [first] = await backend.getEnclaves([enclaveId]);
        expect(first.subnet).not.toBe(created.subnet);
        expect((await backend.getEnclaves()).map((e) => e.id)).toEqual(expect.arrayContaining([enclaveId, second]));
        expect(isDomainError(await failure(backend.createEnclave(second, { isPartitioningEnabled: false })), 'exists')).toBe(true);
        await backend.destroyEnclave(second);
        expect(await backend.getEnclaves([second])).toEqual([]);
      });

      it('takes an enclave ID of the original alphabet (a leading underscore, a dot, upper case)', async () => {
        const odd = parseId('enclave', `_${enclavePrefix}.Odd`);
        made.push(odd);
        await backend.createEnclave(odd, { isPartitioningEnabled: false, creatorEngineGuid: '', sessionId: 'run_1.a' });
        expect((await backend.getEnclaves([odd]))[0]).toMatchObject({ id: odd, sessionId: 'run_1.a' });
        const registration = await backend.registerService(odd, parseId('service', 'web'));
        expect((await backend.startService(odd, registration.guid, sleeper())).status).toBe('running');
        expect((await backend.getUserServices(odd)).map((s) => s.guid)).toEqual([registration.guid]);
        expect(await backend.exec({ kind: 'user-service', enclaveId: odd, guid: registration.guid }, ['echo', 'hi'])).toEqual({ exitCode: 0, output: 'hi\n' });
        await backend.destroyEnclave(odd);
        expect(await backend.getEnclaves([odd])).toEqual([]);
        expect(await backend.getEnclaveObjects(odd)).toEqual([]);
      });

      it('says where host clients connect from: an address of the enclave subnet', async () => {
        const [enclave] = await backend.getEnclaves([enclaveId]);
        expect(cidrContains(parseCidr(enclave.subnet), parseIpv4(await backend.getHostClientIp(enclaveId)))).toBe(true);
      });
    });

    describe('addresses', () => {
      it("hands each registration a GUID and a free address of the subnet, never the host clients' nor the API container's", async () => {
        const [enclave] = await backend.getEnclaves([enclaveId]);
        const subnet = parseCidr(enclave.subnet);
        const a = await backend.registerService(enclaveId, parseId('service', 'addr-a'));
        const b = await backend.registerService(enclaveId, parseId('service', 'addr-b'));
        expect(a).toMatchObject({ enclaveId, serviceId: 'addr-a' });
        expect(a.guid).not.toBe(b.guid);
        expect(a.privateIp).not.toBe(b.privateIp);
        for (const ip of [a.privateIp, b.privateIp]) {
          expect(cidrContains(subnet, parseIpv4(ip))).toBe(true);
          expect(ip).not.toBe(await backend.getHostClientIp(enclaveId));
          expect(ip).not.toBe(formatIpv4(subnet.base + 2));
        }
        // Unregistering frees the address for the next registration.
        await backend.removeService(enclaveId, b.guid, 0);
        expect((await backend.registerService(enclaveId, parseId('service', 'addr-c'))).privateIp).toBe(b.privateIp);
      });

      it('reserves addresses for outside containers and never hands out restored ones', async () => {
        const reserved = await backend.reserveAddress(enclaveId);
        const next = await backend.registerService(enclaveId, parseId('service', 'addr-d'));
        expect(next.privateIp).not.toBe(reserved);
        await backend.releaseAddress(enclaveId, reserved);
        await backend.removeService(enclaveId, next.guid, 0);
        await backend.restoreAddresses(enclaveId, { services: [], reservedIps: [reserved] });
        expect((await backend.registerService(enclaveId, parseId('service', 'addr-e'))).privateIp).not.toBe(reserved);
      });

      it('knows what an outside container holds on the enclave network', async () => {
        const ip = await backend.reserveAddress(enclaveId);
        const name = await fx.startOutsideContainer(enclaveId, ip);
        const outside = await backend.inspectExternalContainer(enclaveId, name);
        expect(outside).toMatchObject({ name, isKurtosisObject: false, enclaveIp: ip });
        expect(await backend.getAddressesInUse(enclaveId)).toContain(ip);
        expect(await backend.inspectExternalContainer(enclaveId, 'no-such-container-anywhere')).toBeUndefined();
        expect(backend.externalJoinHint(enclaveId, ip).instructions).toContain(ip);
      });
    });

    describe('services', () => {
      it('starts a registered service at its address with its ports published, and lists it', async () => {
        const { registration, service: started } = await startNew('web');
        expect(started).toMatchObject({ ...registration, status: 'running', privatePorts: { http: { number: 8080, protocol: 'tcp' } } });
        expect(started.publicHost).not.toBe('');
        expect(started.publicPorts['http']?.number).toBeGreaterThan(0);
        const listed = (await backend.getUserServices(enclaveId)).find((s) => s.guid === registration.guid);
        expect(listed).toMatchObject({ serviceId: 'web', privateIp: registration.privateIp, status: 'running', publicPorts: started.publicPorts });
        expect(await backend.getState(service(registration.guid))).toMatchObject({ status: 'running', neverStarted: false });
      });

      it('refuses to start what was never registered', async () => {
        expect(isDomainError(await failure(backend.startService(enclaveId, 'ghost-1' as ServiceGuid, sleeper())), 'not-found')).toBe(true);
      });

      it('runs commands in it: output, exit code, stdin', async () => {
        const { registration } = await startNew('exec');
        const ref = service(registration.guid);
        expect(await backend.exec(ref, ['echo', 'hello'])).toEqual({ exitCode: 0, output: 'hello\n' });
        expect((await backend.exec(ref, ['sh', '-c', 'exit 3'])).exitCode).toBe(3);
        expect(await backend.exec(ref, ['cat'], 'fed on stdin')).toEqual({ exitCode: 0, output: 'fed on stdin' });
      });

      it('keeps a command session open: what is written comes back', async () => {
        const { registration } = await startNew('session');
        const session = await backend.openExecSession(service(registration.guid), ['cat']);
        let received = '';
        session.onOutput((text) => (received += text));
        session.write('one\n');
        await eventually(() => received.includes('one'), 'the echo');
        session.close();
        await session.ended;
      });

      it('reads and follows its output', async () => {
        const { registration } = await startNew('printer', fx.printing('printed-line'));
        const ref = service(registration.guid);
        await backend.waitForOutput(ref, 'printed-line', 10_000);
        expect(await backend.getLastLogLines(ref, 10)).toContain('printed-line');
        let followed = '';
        const follower = await backend.followOutput(ref, (text) => (followed += text));
        await eventually(() => followed.includes('printed-line'), 'the followed line');
        follower.stop();
        await follower.done;
      });

      it('reads its output as lines, stdout and stderr apart, each with its time; since and tail select', async () => {
        const before = Date.now();
        const { registration } = await startNew('apart', fx.printingApart(['out-1', 'out-2'], 'err-1'));
        const ref = service(registration.guid);
        await backend.waitForOutput(ref, 'out-2', 10_000);
        await backend.waitForOutput(ref, 'err-1', 10_000);
        const read = async (options: Partial<ReadOutputOptions> = {}) => {
          const lines: OutputLine[] = [];
          await backend.readOutputLines(ref, { follow: false, ...options }, (line) => lines.push(line));
          return lines;
        };
        const all = await read();
        expect(all.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['out-1', 'out-2']);
        expect(all.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['err-1']);
        for (const line of all) {
          expect(line.timestampMs).toBeGreaterThanOrEqual(before - 2_000);
          expect(line.timestampMs).toBeLessThanOrEqual(Date.now() + 2_000);
        }
        expect(await read({ tailLines: 1 })).toHaveLength(1);
        expect(await read({ sinceMs: Date.now() + 60_000 })).toEqual([]);
      });

      it('follows its output until aborted, or until it exits; not-found for no process', async () => {
        const { registration } = await startNew('followed', fx.printing('followed-line'));
        const ref = service(registration.guid);
        await backend.waitForOutput(ref, 'followed-line', 10_000);
        const aborting = new AbortController();
        const seen: OutputLine[] = [];
        const reading = backend.readOutputLines(ref, { follow: true, signal: aborting.signal }, (line) => seen.push(line));
        await eventually(() => seen.some((l) => l.line === 'followed-line' && l.stream === 'stdout'), 'the followed line');
        aborting.abort();
        await reading;
        const untilExit = backend.readOutputLines(ref, { follow: true }, () => undefined);
        await backend.stopService(enclaveId, registration.guid, 5);
        await untilExit;
        expect(isDomainError(await failure(backend.readOutputLines(service('ghost-3' as ServiceGuid), { follow: false }, () => undefined)), 'not-found')).toBe(true);
      });

      it('runs commands with their stdout and stderr apart, cut at a byte limit', async () => {
        const { registration } = await startNew('exec-apart');
        const ref = service(registration.guid);
        expect(await backend.execSeparated(ref, ['sh', '-c', 'echo out; echo err >&2; exit 3'], 1024)).toEqual({
          exitCode: 3,
          stdout: Buffer.from('out\n'),
          stderr: Buffer.from('err\n'),
          truncated: false,
        });
        const cut = await backend.execSeparated(ref, ['echo', 'hello'], 2);
        expect(cut).toMatchObject({ exitCode: 0, truncated: true });
        expect(cut.stdout.toString()).toBe('he');
      });

      it('pauses, unpauses, stops, restarts and kills it, reporting each status', async () => {
        const { registration } = await startNew('cycle');
        const { guid } = registration;
        await backend.pauseService(enclaveId, guid);
        expect(await backend.getServiceStatus(enclaveId, guid)).toMatchObject({ status: 'paused' });
        await backend.unpauseService(enclaveId, guid);
        await backend.stopService(enclaveId, guid, 5);
        expect(await backend.getServiceStatus(enclaveId, guid)).toEqual({ status: 'stopped', exitCode: 0 });
        expect(isDomainError(await failure(backend.pauseService(enclaveId, guid)), 'precondition')).toBe(true);
        await backend.restartService(enclaveId, guid, 5);
        expect((await backend.getServiceStatus(enclaveId, guid)).status).toBe('running');
        expect((await backend.getUserServices(enclaveId)).find((s) => s.guid === guid)?.privateIp).toBe(registration.privateIp);
        await backend.killService(enclaveId, guid, 'SIGKILL');
        expect(await backend.getServiceStatus(enclaveId, guid)).toEqual({ status: 'stopped', exitCode: 137 });
        expect(await backend.waitForExit(service(guid))).toBe(137);
      });

      it('removes a service: no longer listed, its address free again, its process kept for inspection', async () => {
        const { registration } = await startNew('removed');
        await backend.removeService(enclaveId, registration.guid, 1);
        expect((await backend.getUserServices(enclaveId)).map((s) => s.guid)).not.toContain(registration.guid);
        expect((await backend.getEnclaveObjects(enclaveId)).find((o) => o.ref.kind === 'user-service' && o.ref.guid === registration.guid)?.status).toBe('stopped');
        const next = await backend.registerService(enclaveId, parseId('service', 'removed'));
        expect(next.privateIp).toBe(registration.privateIp);
        expect(next.guid).not.toBe(registration.guid);
      });

      it('replaces a service\'s process: removed, then started again from another configuration at the same address', async () => {
        const { registration } = await startNew('replaced');
        await backend.removeServiceProcess(enclaveId, registration.guid, 1);
        expect((await backend.getUserServices(enclaveId)).map((s) => s.guid)).not.toContain(registration.guid);
        expect((await backend.getEnclaveObjects(enclaveId)).some((o) => o.ref.kind === 'user-service' && o.ref.guid === registration.guid)).toBe(false);
        // Gone already is what was asked.
        await backend.removeServiceProcess(enclaveId, registration.guid, 1);
        const again = await backend.startService(enclaveId, registration.guid, sleeper({ env: { GREETING: 'hello again' }, ports: { other: { number: 9090, protocol: 'tcp' } } }));
        expect(again).toMatchObject({ serviceId: 'replaced', guid: registration.guid, privateIp: registration.privateIp, status: 'running' });
        expect(again.publicPorts['other']?.number).toBeGreaterThan(0);
        expect((await backend.getUserServices(enclaveId)).filter((s) => s.guid === registration.guid)).toHaveLength(1);
        await backend.removeService(enclaveId, registration.guid, 1);
      });

      it('announces what happens to our processes', async () => {
        const events: RuntimeEvent[] = [];
        const watch = await backend.watchEvents((event) => events.push(event));
        try {
          const { registration } = await startNew('watched');
          const isOurs = (e: RuntimeEvent) => e.ref.kind === 'user-service' && e.ref.guid === registration.guid;
          await eventually(() => events.some((e) => isOurs(e) && e.action === 'start'), 'the start event');
          await backend.killService(enclaveId, registration.guid, 'SIGKILL');
          await eventually(() => events.some((e) => isOurs(e) && e.action === 'die' && e.exitCode === 137), 'the die event');
        } finally {
          watch.stop();
          await watch.ended;
        }
      });

      it('waits for an exit until aborted, and not at all for what has exited', async () => {
        const { registration } = await startNew('waited');
        const aborting = new AbortController();
        const waiting = backend.waitForExit(service(registration.guid), aborting.signal);
        aborting.abort();
        expect(await failure(waiting)).toMatchObject({ name: 'AbortError' });
        await backend.stopService(enclaveId, registration.guid, 5);
        expect(await backend.waitForExit(service(registration.guid))).toBe(0);
        expect(isDomainError(await failure(backend.getState(service('ghost-2' as ServiceGuid))), 'not-found')).toBe(true);
      });
    });

    describe('networking sidecars', () => {
      it("holds a service's address and ports; the service leaves the network with it", async () => {
        const partitioning = backend.partitioning;
        if (!partitioning) return expect(backend.supportsPartitioning).toBe(false);
        const registration = await backend.registerService(enclaveId, parseId('service', 'isolated'));
        const ports = { http: { number: 8080, protocol: 'tcp' as const } };
        const sidecar = await partitioning.createNetworkingSidecar(enclaveId, registration.guid, { ports });
        expect(sidecar).toMatchObject({ serviceId: 'isolated', guid: registration.guid, privateIp: registration.privateIp, status: 'running' });
        const started = await backend.startService(enclaveId, registration.guid, sleeper({ joinNetworkingSidecar: true }));
        expect(started.publicPorts['http']?.number).toBeGreaterThan(0);
        const session = await backend.openExecSession({ kind: 'networking-sidecar', enclaveId, guid: registration.guid }, ['cat']);
        session.close();
        await backend.stopService(enclaveId, registration.guid, 1);
        expect(isDomainError(await failure(backend.removeService(enclaveId, registration.guid, 1)), 'precondition')).toBe(true);
        await partitioning.destroyNetworkingSidecar(enclaveId, registration.guid);
        await backend.removeService(enclaveId, registration.guid, 1);
        expect((await backend.getUserServices(enclaveId)).map((s) => s.guid)).not.toContain(registration.guid);
        expect((await partitioning.getNetworkingSidecars(enclaveId)).map((s) => s.guid)).not.toContain(registration.guid);
      });
    });

    describe('modules', () => {
      it('starts a registered module with its port published, and destroys it, freeing its address', async () => {
        const registration = await backend.registerModule(enclaveId, parseId('module', 'mod'));
        const started = await backend.startModule(enclaveId, registration.guid, { image: fx.runningImage, port: 1111, env: { SERIALIZED_ARGS: '{}' }, dataDirMountpoint: '/data' });
        expect(started).toMatchObject({ ...registration, image: fx.runningImage, status: 'running', privatePort: 1111 });
        expect(started.publicPort).toBeGreaterThan(0);
        expect((await backend.getModules(enclaveId)).map((m) => m.guid)).toContain(registration.guid);
        await backend.destroyModule(enclaveId, registration.guid, 1);
        expect((await backend.getModules(enclaveId)).map((m) => m.guid)).not.toContain(registration.guid);
        expect((await backend.registerModule(enclaveId, parseId('module', 'mod'))).privateIp).toBe(registration.privateIp);
      });
    });

    describe('API containers', () => {
      it('starts one at the address after the gateway, telling it that address; stops and starts it again', async () => {
        const own = newEnclaveId();
        made.push(own);
        const enclave = await backend.createEnclave(own, { isPartitioningEnabled: false });
        const seen: string[] = [];
        const api = await backend.createApiContainer(own, {
          image: fx.runningImage,
          port: 7443,
          env: ({ privateIp }) => {
            seen.push(privateIp);
            return { OWN_IP: privateIp };
          },
          dataDirMountpoint: '/kurtosis-enclave-data',
          stateDirMountpoint: '/kurtosis-api-container-state',
        });
        expect(api).toMatchObject({ enclaveId: own, status: 'running', privateIp: formatIpv4(parseCidr(enclave.subnet).base + 2), privatePort: 7443 });
        expect(seen).toEqual([api.privateIp]);
        expect(api.publicAddress?.port).toBeGreaterThan(0);
        await backend.stopApiContainer(own, 5);
        expect((await backend.getApiContainers([own]))[0]).toMatchObject({ status: 'stopped' });
        expect((await backend.getApiContainers([own]))[0]).not.toHaveProperty('publicAddress');
        await backend.startObject({ kind: 'api-container', enclaveId: own });
        expect((await backend.getState({ kind: 'api-container', enclaveId: own })).status).toBe('running');
        await backend.stopEnclave(own);
        expect((await backend.getEnclaveObjects(own)).every((o) => o.status === 'stopped')).toBe(true);
        await backend.destroyEnclave(own);
        expect(await backend.getEnclaveObjects(own)).toEqual([]);
      });
    });

    describe('images', () => {
      it('says not-found for an image that exists nowhere', async () => {
        expect(isDomainError(await failure(backend.ensureImage(fx.missingImage)), 'not-found')).toBe(true);
        await backend.ensureImage(fx.runningImage);
      });

      it('pulls an image only a registry holds, layer by layer, and then has it', async () => {
        const { image } = fx.registry;
        const events: PullProgressEvent[] = [];
        try {
          const outcome = await backend.pullImage(image, { onProgress: (e) => events.push(e) });
          expect(outcome).toMatchObject({ image, pulled: true });
          expect(outcome.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
          expect(outcome.downloadedLayers).toBeGreaterThan(0);
          expect(outcome.downloadedBytes).toBeGreaterThan(0);
          const downloading = events.filter((e) => e.phase === 'downloading');
          expect(downloading.length).toBeGreaterThan(0);
          expect(downloading.every((e) => typeof e.currentBytes === 'number' && typeof e.totalBytes === 'number')).toBe(true);
          for (const layer of new Set(downloading.map((e) => e.layer))) expect(events.some((e) => e.layer === layer && e.phase === 'done')).toBe(true);
          // Present now: nothing is asked of the registry, no progress.
          const again: PullProgressEvent[] = [];
          expect(await backend.pullImage(image, { onProgress: (e) => again.push(e) })).toEqual({ image, pulled: false, downloadedLayers: 0, downloadedBytes: 0 });
          expect(again).toEqual([]);
          await backend.ensureImage(image);
        } finally {
          await fx.registry.removeLocal(image);
        }
      });

      it('follows the pull policy: always asks the registry (same digest: nothing; a moved tag: the newer image), never pulls nothing', async () => {
        const { image } = fx.registry;
        try {
          const first = await backend.pullImage(image);
          expect(first.pulled).toBe(true);
          const same: PullProgressEvent[] = [];
          expect(await backend.pullImage(image, { policy: 'always', onProgress: (e) => same.push(e) })).toMatchObject({ image, pulled: false, digest: first.digest, downloadedLayers: 0 });
          expect(same.filter((e) => e.phase === 'downloading')).toEqual([]);
          await fx.registry.republish(image);
          // Present under its reference: the default policy uses it as it is.
          expect((await backend.pullImage(image)).pulled).toBe(false);
          const newer = await backend.pullImage(image, { policy: 'always' });
          expect(newer.pulled).toBe(true);
          expect(newer.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
          expect(newer.digest).not.toBe(first.digest);
          expect((await backend.pullImage(image, { policy: 'never' })).pulled).toBe(false);
          await fx.registry.removeLocal(image);
          const never = await failure(backend.pullImage(image, { policy: 'never' }));
          expect(isDomainError(never, 'not-found')).toBe(true);
          expect((never as Error).message).toContain(`'never'`);
        } finally {
          await fx.registry.removeLocal(image);
        }
      });

      it('names the reference and the registry when a pull fails: not-found, unavailable, invalid', async () => {
        const { missingTag, unreachableImage } = fx.registry;
        const missing = await failure(backend.pullImage(missingTag));
        expect(isDomainError(missing, 'not-found')).toBe(true);
        expect((missing as Error).message).toContain(`'${missingTag}'`);
        expect((missing as Error).message).toContain(`registry ${missingTag.split('/')[0]}`);
        const down = await failure(backend.pullImage(unreachableImage));
        expect(isDomainError(down, 'unavailable')).toBe(true);
        expect((down as Error).message).toContain(`registry ${unreachableImage.split('/')[0]} cannot be reached`);
        expect(isDomainError(await failure(backend.pullImage('127.0.0.1:5000/Not_Lowercase:1')), 'invalid')).toBe(true);
      });

      it('asks a registry that wants a login with the credentials given: none, wrong, right', async () => {
        const { loginImage, login } = fx.registry;
        const host = loginImage.split('/')[0];
        const none = await failure(backend.pullImage(loginImage));
        expect(isDomainError(none, 'unauthenticated')).toBe(true);
        expect((none as Error).message).toContain(`registry ${host}`);
        const wrong = await failure(backend.pullImage(loginImage, { credentials: { ...login, password: `${login.password}-wrong` } }));
        expect(isDomainError(wrong, 'permission')).toBe(true);
        expect((wrong as Error).message).toContain(`registry ${host}`);
        try {
          expect((await backend.pullImage(loginImage, { credentials: login })).pulled).toBe(true);
        } finally {
          await fx.registry.removeLocal(loginImage);
        }
      });
    });
  });
}
