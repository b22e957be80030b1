// startPull, what `module exec` overlaps with the enclave's creation: `accepted` settles once the
// registry has answered with layers (or nothing was to pull) and carries the errors a user makes
// (unknown tag, no login, registry down); a failure after that comes from `done` alone, without an
// unhandled rejection in between.
import type { OperatorBackend, PullImageOptions, PullOutcome } from '@kurtosis-ts/container-backend';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import { DomainError } from '@kurtosis-ts/domain';
import type { Cli } from '../cli-context';
import { CliFailure } from '../errors/cli-errors';
import { startPull } from './image-pull';

const REGISTRY = '127.0.0.1:5000';
const IMAGE = `${REGISTRY}/team/module:1.0.0`;

/** A backend whose pull sends one layer event, then waits for the test to end it. */
function heldPull(): { backend: OperatorBackend; finish: (outcome: PullOutcome) => void; fail: (err: Error) => void } {
  let finish: (outcome: PullOutcome) => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  const backend = {
    pullImage: (image: string, options: PullImageOptions = {}) =>
      new Promise<PullOutcome>((resolve, reject) => {
        options.onProgress?.({ layer: 'layer0', phase: 'downloading', currentBytes: 0, totalBytes: 1000 });
        finish = resolve;
        fail = reject;
      }),
  } as unknown as OperatorBackend;
  return { backend, finish: (outcome) => finish(outcome), fail: (err) => fail(err) };
}

const settled = (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => 'resolved', () => 'rejected'), new Promise((resolve) => setImmediate(() => resolve('pending')))]);

describe('startPull', () => {
  let said: string[];
  let cli: Cli;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    said = [];
    cli = { env: {}, info: (line: string) => said.push(line), stderrTerminal: { spinner: false, color: false } } as unknown as Cli;
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => stderr.mockRestore());

  it('is accepted at the first layer, while the layers are still coming', async () => {
    const pull = heldPull();
    const inFlight = startPull(cli, pull.backend, IMAGE);
    await expect(inFlight.accepted).resolves.toBeUndefined();
    expect(await settled(inFlight.done)).toBe('pending');
    expect(said).toEqual([`Pulling ${IMAGE}…`]);
    pull.finish({ image: IMAGE, pulled: true, downloadedLayers: 1, downloadedBytes: 1000 });
    await expect(inFlight.done).resolves.toMatchObject({ pulled: true });
    expect(said[1]).toMatch(new RegExp(`^Pulled ${IMAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 1 layer\\(s\\), 1\\.0 kB in`));
  });

  it('reports a failure after the first layer through done only', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const pull = heldPull();
      const inFlight = startPull(cli, pull.backend, IMAGE);
      await inFlight.accepted;
      pull.fail(new DomainError('unavailable', `Pulling image '${IMAGE}': registry ${REGISTRY} cannot be reached (EOF)`));
      // Nobody awaits done for a while (the enclave is being created): that is not an unhandled rejection.
      await new Promise((resolve) => setImmediate(resolve));
      await expect(inFlight.done).rejects.toThrow(CliFailure);
      await expect(inFlight.done).rejects.toThrow(`registry ${REGISTRY} cannot be reached`);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('rejects accepted for what the registry refuses before any layer: unknown tag, no login, not answering', async () => {
    const backend = new InMemoryKurtosisBackend({ registry: { images: { [IMAGE]: [1000] }, logins: { '127.0.0.1:5001': { username: 'u', password: 'p' } } } });
    await expect(startPull(cli, backend, `${REGISTRY}/team/module:no-such-tag`).accepted).rejects.toThrow(`registry ${REGISTRY} has no such repository or tag`);
    await expect(startPull(cli, backend, '127.0.0.1:5001/team/module:1.0.0').accepted).rejects.toThrow('asks for credentials and none were accepted');
    backend.stopRegistry(REGISTRY);
    await expect(startPull(cli, backend, IMAGE).accepted).rejects.toThrow(`registry ${REGISTRY} cannot be reached`);
    expect(said.some((l) => l.startsWith('Pulling'))).toBe(false);
  });

  it('asks the registry under policy always: up to date, then the image a moved tag names', async () => {
    const backend = new InMemoryKurtosisBackend({ registry: { images: { [IMAGE]: [1000] } } });
    await startPull(cli, backend, IMAGE).done;
    said = [];
    await expect(startPull(cli, backend, IMAGE, 'always').done).resolves.toMatchObject({ pulled: false });
    expect(said).toEqual([expect.stringMatching(new RegExp(`^${IMAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is up to date \\(sha256:[0-9a-f]{64}\\)$`))]);
    backend.republishImage(IMAGE, [1000, 2000]);
    said = [];
    await expect(startPull(cli, backend, IMAGE, 'always').done).resolves.toMatchObject({ pulled: true, downloadedLayers: 2 });
    expect(said[said.length - 1]).toMatch(/^Pulled .*: 2 layer\(s\), 3\.0 kB in/);
    await expect(startPull(cli, backend, `${REGISTRY}/team/other:1`, 'never').accepted).rejects.toThrow("the pull policy 'never' says not to pull it");
  });

  it('is accepted at once, printing nothing, for an image that is present', async () => {
    const backend = new InMemoryKurtosisBackend({ registry: { images: { [IMAGE]: [1000] } } });
    await startPull(cli, backend, IMAGE).done;
    said = [];
    const again = startPull(cli, backend, IMAGE);
    await expect(again.accepted).resolves.toBeUndefined();
    await expect(again.done).resolves.toMatchObject({ pulled: false });
    expect(said).toEqual([]);
  });
});
