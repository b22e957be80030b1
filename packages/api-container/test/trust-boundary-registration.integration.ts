// External registration only records: FinishExternalContainerRegistration binds a key to a container
// the caller already started on the enclave network at the reserved IP, and refuses everything else —
// another enclave's API container (by name or ID prefix), the engine, an unrelated container, one at
// another IP — attaching nothing to any network. Reservations are capped. A registered container
// may call the API, also after the API container restarted.
import { execFileSync } from 'node:child_process';
import { status } from '@grpc/grpc-js';
import { engineApi } from '@kurtosis-ts/protos';
import { apiContainerClient, buildHostileImage, destroyEnclaves, dockerObjectsOfEnclave, statusOf, uniqueEnclaveId } from '@kurtosis-ts/server-test-kit';
import type { ApiContainerClient, TestModuleImage } from '@kurtosis-ts/server-test-kit';
import { killAndStartApiContainer, startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';
import { apiSocketOf, startHostileService } from './trust-boundary-support';
import type { CallOutcome } from './trust-boundary-support';

const NAME = 'trust-registration';
const VICTIM = uniqueEnclaveId('trust-registration-victim');
const TEST_LABEL = 'com.kurtosistech.test=trust-boundary';

interface Registered {
  containerId: string;
  ip?: string;
  finish?: CallOutcome;
}

const networksOf = (container: string): string[] =>
  Object.keys(JSON.parse(execFileSync('docker', ['inspect', '-f', '{{json .NetworkSettings.Networks}}', container], { encoding: 'utf8' })) as object).sort();

describe('trust boundary: external container registration', () => {
  let hostile: TestModuleImage;
  let fx: EnclaveFixture;
  let victim: ApiContainerClient;
  let victimInfo: engineApi.EnclaveInfo;
  const foreignContainers: string[] = [];

  beforeAll(async () => {
    hostile = buildHostileImage('trust-registration');
    fx = await startEnclave(NAME);
    const created = await fx.engine.client.createEnclave(engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: VICTIM }));
    victimInfo = created.enclaveInfo as engineApi.EnclaveInfo;
    victim = apiContainerClient(victimInfo.apiContainerHostMachineInfo?.portOnHostMachine ?? 0);
    await startHostileService(victim, 'precious', hostile.tag);
    await fx.api.loadModule({ moduleId: 'mod', containerImage: hostile.tag, serializedParams: '{}' });
  });

  afterAll(async () => {
    for (const id of foreignContainers) execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
    victim?.close();
    await destroyEnclaves([VICTIM]);
    await stopEnclave(fx, NAME);
    hostile?.remove();
    expect(dockerObjectsOfEnclave(fx.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(dockerObjectsOfEnclave(VICTIM)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  const execute = async <T>(params: object): Promise<T> =>
    JSON.parse((await fx.api.executeModule({ moduleId: 'mod', serializedParams: JSON.stringify(params) })).serializedResult) as T;

  /** A container the test starts with Docker (as an external caller would), labelled for cleanup. */
  function runForeign(args: string[]): string {
    const id = execFileSync('docker', ['run', '-d', '--label', TEST_LABEL, ...args], { encoding: 'utf8' }).trim();
    foreignContainers.push(id);
    return id;
  }

  it("refuses the engine, another enclave's API container and containers not at the reserved IP, attaching nothing", async () => {
    const victimApiContainer = victimInfo.apiContainerInfo?.containerId as string;
    const unrelated = runForeign(['--name', `kurtosis-ts-test-unrelated-${process.pid}`, 'debian:bookworm-slim', 'sleep', 'infinity']);
    const targets = [`kurtosis-api--${VICTIM}`, victimApiContainer.slice(0, 12), fx.engine.containerId.slice(0, 12), `kurtosis-ts-test-unrelated-${process.pid}`, 'no-such-container-anywhere'];
    const networksBefore = [victimApiContainer, fx.engine.containerId, unrelated].map(networksOf);

    const results = await execute<Registered[]>({ action: 'register-external', containerIds: targets });

    expect(results.map((r) => r.finish?.code)).toEqual([status.FAILED_PRECONDITION, status.FAILED_PRECONDITION, status.FAILED_PRECONDITION, status.FAILED_PRECONDITION, status.NOT_FOUND]);
    for (const r of results.slice(0, 3)) expect(r.finish?.details).toContain(`Container '${r.containerId}' is a Kurtosis container`);
    expect(results[3].finish?.details).toContain(`is not attached to enclave network '${fx.enclaveId}' at the reserved IP ${results[3].ip}`);
    expect(results[4].finish?.details).toBe("Container 'no-such-container-anywhere' does not exist on this Docker host");
    // Nothing was attached anywhere: every container keeps exactly the networks it had.
    expect([victimApiContainer, fx.engine.containerId, unrelated].map(networksOf)).toEqual(networksBefore);
    expect(networksOf(victimApiContainer)).toEqual([VICTIM]);

    // The other enclave is untouched and still works; so does this one.
    expect((await victim.getServices({})).serviceIds).toEqual({ precious: true });
    await victim.registerService({ serviceId: 'still-works', partitionId: '' });
    await fx.api.registerService({ serviceId: 'after-attempts', partitionId: '' });
  });

  it('records a container the caller started at the reserved IP, which may then call the API, also after a restart', async () => {
    const first = await fx.api.startExternalContainerRegistration({});
    const second = await fx.api.startExternalContainerRegistration({});
    // Started the original protocol's way: on the enclave network, at the reserved IP, by the caller.
    const external = runForeign(['--network', fx.enclaveId, '--ip', second.ipAddr, hostile.tag, 'serve-http', '8080']);
    const callFromExternal = (): { api: CallOutcome; lifecycle: CallOutcome } => {
      const output = execFileSync('docker', ['exec', external, 'node', '/app/main.js', 'call-api', apiSocketOf(fx.info)], { encoding: 'utf8' });
      return JSON.parse(output.split('\n').find((l) => l.startsWith('OUTCOME '))?.slice('OUTCOME '.length) ?? '{}');
    };
    // Not registered yet: refused like any other unknown address.
    expect(callFromExternal().api.code).toBe(status.PERMISSION_DENIED);

    const wrongIp = await statusOf(fx.api.finishExternalContainerRegistration({ registrationKey: first.registrationKey, containerId: external }));
    expect(wrongIp.code).toBe(status.FAILED_PRECONDITION);
    expect(wrongIp.details).toContain(`at the reserved IP ${first.ipAddr} (it is attached at ${second.ipAddr})`);

    await fx.api.finishExternalContainerRegistration({ registrationKey: second.registrationKey, containerId: external.slice(0, 12) });
    expect(callFromExternal()).toMatchObject({ api: { code: status.OK }, lifecycle: { code: status.OK } });
    expect((await statusOf(fx.api.finishExternalContainerRegistration({ registrationKey: second.registrationKey, containerId: external }))).code).toBe(status.NOT_FOUND);

    // Killed and started again, the API container still knows the registration: the caller stays
    // allowed and its IP is not handed out.
    fx.api.close();
    fx.api = await killAndStartApiContainer(fx.engine, fx.enclaveId, fx.info.apiContainerInfo?.containerId as string);
    expect(callFromExternal().api.code).toBe(status.OK);
    const fresh = await fx.api.registerService({ serviceId: 'after-restart', partitionId: '' });
    expect(fresh.privateIpAddr).not.toBe(second.ipAddr);
  });

  it("caps a hostile module's reservations; RegisterService still works", async () => {
    // The restart above forgot unfinished reservations: none is outstanding now.
    const capped = await execute<{ reserved: number; refusal?: CallOutcome & { index: number } }>({ action: 'reserve', count: 300 });
    expect(capped.reserved).toBe(32);
    expect(capped.refusal).toMatchObject({ index: 32, code: status.RESOURCE_EXHAUSTED });
    expect(capped.refusal?.details).toContain('the most it allows (32)');
    // The subnet has room left for the enclave's own work, from the host and from the module.
    await fx.api.registerService({ serviceId: 'after-cap', partitionId: '' });
    expect((await execute<CallOutcome>({ action: 'api', rpc: 'registerService', args: { serviceId: 'after-cap-module', partitionId: '' } })).code).toBe(status.OK);
    expect((await statusOf(fx.api.startExternalContainerRegistration({}))).code).toBe(status.RESOURCE_EXHAUSTED);
  });
});
