// Reconnecting through a locator, against real gRPC servers on loopback: one stands for the API
// container before its restart, another for it after (on a new port).
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { ApiContainerConnection } from './api-container-connection';
import type { ApiContainerLocation } from './api-container-connection';
import { KurtosisError, StatusCode } from './kurtosis-error';
import { unaryCall } from './unary-call';

async function fakeApiContainer(name: string): Promise<{ address: string; stop: () => void }> {
  const server = new Server();
  server.addService(apiContainerApi.ApiContainerServiceService, {
    getServices: (_call: unknown, callback: (err: null, res: apiContainerApi.GetServicesResponse) => void) => callback(null, { serviceIds: { [name]: true } }),
  } as unknown as apiContainerApi.ApiContainerServiceServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

const listServices = (connection: ApiContainerConnection) =>
  connection.call(({ api }) => unaryCall(api, api.getServices, {}, 'Listing services', { timeoutMs: 5_000 })).then((r) => Object.keys(r.serviceIds));

const SETTINGS = { timeoutMs: 3_000, pollMs: 20, readyTimeoutMs: 500 };

describe('ApiContainerConnection', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('follows the API container to its new port when a call fails UNAVAILABLE, and makes the call once more', async () => {
    const before = await fakeApiContainer('before');
    const after = await fakeApiContainer('after');
    cleanups.push(after.stop);
    const answers: ApiContainerLocation[] = [{ waiting: 'the engine reports its API container as STOPPED' }, { address: after.address }];
    let asked = 0;
    const connection = new ApiContainerConnection(before.address, async () => answers[Math.min(asked++, answers.length - 1)], SETTINGS);
    cleanups.push(() => connection.close());

    expect(await listServices(connection)).toEqual(['before']);
    before.stop();
    expect(await listServices(connection)).toEqual(['after']);
    expect(connection.currentAddress).toBe(after.address);
    expect(asked).toBe(2);
    // Reconnected for good: the next call asks nobody.
    expect(await listServices(connection)).toEqual(['after']);
    expect(asked).toBe(2);
  });

  it('fails as before without a locator (a module connection)', async () => {
    const gone = await fakeApiContainer('gone');
    gone.stop();
    const connection = new ApiContainerConnection(gone.address);
    cleanups.push(() => connection.close());
    await expect(listServices(connection)).rejects.toMatchObject({ code: StatusCode.UNAVAILABLE });
  });

  it('gives up after the timeout, saying why, with UNAVAILABLE', async () => {
    const gone = await fakeApiContainer('gone');
    gone.stop();
    const connection = new ApiContainerConnection(gone.address, async () => ({ waiting: 'the engine reports its API container as STOPPED' }), { ...SETTINGS, timeoutMs: 200 });
    cleanups.push(() => connection.close());
    const err = (await listServices(connection).catch((e: unknown) => e)) as KurtosisError;
    expect(err).toBeInstanceOf(KurtosisError);
    expect(err.code).toBe(StatusCode.UNAVAILABLE);
    expect(err.message).toMatch(/^Listing services: .*did not come back: not within 200 ms; the engine reports its API container as STOPPED\)$/);
  });

  it('stops at once when the locator says it never comes back', async () => {
    const gone = await fakeApiContainer('gone');
    gone.stop();
    const connection = new ApiContainerConnection(gone.address, async () => Promise.reject(new Error("enclave 'e' no longer exists")), SETTINGS);
    cleanups.push(() => connection.close());
    await expect(listServices(connection)).rejects.toThrow("did not come back: enclave 'e' no longer exists");
  });

  it('leaves other errors alone', async () => {
    const server = await fakeApiContainer('x');
    cleanups.push(server.stop);
    let asked = 0;
    const connection = new ApiContainerConnection(server.address, async () => {
      asked++;
      return { address: server.address };
    });
    cleanups.push(() => connection.close());
    // getModules is not implemented by the fake: UNIMPLEMENTED, not a reason to reconnect.
    await expect(connection.call(({ api }) => unaryCall(api, api.getModules, {}, 'Listing modules', { timeoutMs: 5_000 }))).rejects.toMatchObject({
      code: StatusCode.UNIMPLEMENTED,
    });
    expect(asked).toBe(0);
  });
});
