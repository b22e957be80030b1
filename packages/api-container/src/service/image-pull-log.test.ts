// StartService of an image only a registry holds: the API container logs the pull with its duration,
// layers and bytes (what users read, and what bench:registry measures); a present image logs none.
import { Writable } from 'node:stream';
import pino from 'pino';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { inMemoryEnclave } from '../../test/support/in-memory-enclave';
import type { InMemoryEnclave } from '../../test/support/in-memory-enclave';
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
