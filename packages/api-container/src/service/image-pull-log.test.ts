// StartService of an image only a registry holds: the API container logs the pull with its duration,
// layers and bytes (what users read, and what bench:registry measures); a present image logs none.
import { Writable } from 'node:stream';
import pino from 'pino';
import type { PullOutcome } from '@kurtosis-ts/container-backend';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { inMemoryEnclave } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';
import { ensureImageLogged } from '../image-pull';
import { ExternalRegistrations } from '../trust/external-registrations';
import { ServiceNetwork } from './service-network';
import { ServiceRegistry } from './service-registry';

const REMOTE = '127.0.0.1:5000/team/datastore:1';

describe('StartService logs what it pulled', () => {
  let enclave: InMemoryEnclave;
  afterEach(() => enclave?.cleanUp());

  it('logs a pull of an image the host lacked, and nothing for one it has', async () => {
    enclave = await inMemoryEnclave({ registry: { images: { [REMOTE]: [1_000, 2_500] } } });
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
    const network = new ServiceNetwork({
      backend: enclave.backend,
      enclaveId: enclave.enclaveId,
      registry: new ServiceRegistry(),
      dataDir: enclave.dataDir,
      log: pino({ level: 'info' }, sink),
      artifacts: { archiveOf: () => '' },
      persist: async () => undefined,
      externals: new ExternalRegistrations([]),
    });
    for (const [serviceId, image] of [['remote', REMOTE], ['again', REMOTE]]) {
      await network.registerService(apiContainerApi.RegisterServiceArgs.fromPartial({ serviceId }));
      await network.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId, dockerImage: image }));
    }
    const pulls = lines.filter((l) => l['msg'] === 'image pulled');
    expect(pulls).toEqual([expect.objectContaining({ image: REMOTE, layers: 2, bytes: 3_500, ms: expect.any(Number) })]);
  });
});

describe('ensureImageLogged', () => {
  const log = pino({ level: 'silent' });

  it('asks the backend once for starts of one image at the same time, and all of them wait for that pull', async () => {
    let finish: (outcome: PullOutcome) => void = () => undefined;
    const asked: string[] = [];
    const backend = {
      ensureImage: (image: string) => {
        asked.push(image);
        return new Promise<PullOutcome>((resolve) => (finish = resolve));
      },
    };
    const done: number[] = [];
    const starts = [0, 1, 2].map((i) => ensureImageLogged(backend, REMOTE, log).then(() => done.push(i)));
    await new Promise((resolve) => setImmediate(resolve));
    expect({ asked, done }).toEqual({ asked: [REMOTE], done: [] });
    finish({ image: REMOTE, pulled: true, downloadedLayers: 1, downloadedBytes: 1 });
    await Promise.all(starts);
    expect(done.sort()).toEqual([0, 1, 2]);
    // Over: the next start asks again (and finds it present).
    const next = ensureImageLogged(backend, REMOTE, log);
    finish({ image: REMOTE, pulled: false, downloadedLayers: 0, downloadedBytes: 0 });
    await next;
    expect(asked).toEqual([REMOTE, REMOTE]);
  });

  it('lets every waiting start fail with the pull, and the next one try again', async () => {
    let fail: (err: Error) => void = () => undefined;
    let calls = 0;
    const backend = {
      ensureImage: () => {
        calls++;
        return new Promise<PullOutcome>((_resolve, reject) => (fail = reject));
      },
    };
    const starts = [0, 1].map(() => ensureImageLogged(backend, REMOTE, log));
    fail(new Error('registry 127.0.0.1:5000 cannot be reached'));
    for (const start of starts) await expect(start).rejects.toThrow('cannot be reached');
    const retry = ensureImageLogged(backend, REMOTE, log);
    fail(new Error('still down'));
    await expect(retry).rejects.toThrow('still down');
    expect(calls).toBe(2);
  });
});
