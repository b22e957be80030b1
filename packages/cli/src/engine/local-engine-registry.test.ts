// `engine start --image-registry` against the in-memory backend and its registries: both images
// pulled (with progress) before the engine starts, the engine told where its API container images
// are; a registry that refuses or does not answer stops the start before any engine exists.
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import { CLIENT_VERSION, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import type { Cli } from '../cli-context';
import { apiContainerRepository, engineImage, LocalEngine } from './local-engine';

const REGISTRY = '127.0.0.1:5000';
const ENGINE = `${REGISTRY}/kurtosis-ts/engine:${CLIENT_VERSION}`;
const API_CONTAINER = `${REGISTRY}/kurtosis-ts/api-container:${CLIENT_VERSION}`;

describe('LocalEngine with an image registry', () => {
  let backend: InMemoryKurtosisBackend;
  let said: string[];
  let cli: Cli;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    said = [];
    backend = new InMemoryKurtosisBackend({
      registry: { images: { [ENGINE]: [1000, 2000], [API_CONTAINER]: [3000] } },
      onStart: (process) => {
        if (process.ref.kind === 'engine') backend.writeOutput(process.ref, `${SERVER_READY_MARKER}\n`);
      },
    });
    cli = { env: {}, info: (line: string) => said.push(line), stderrTerminal: { spinner: false, color: false } } as unknown as Cli;
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => stderr.mockRestore());

  it('names the images of a registry, and the local builds without one', () => {
    expect(engineImage({}, REGISTRY)).toBe(ENGINE);
    expect(engineImage({})).toBe(`kurtosis-ts/engine:${CLIENT_VERSION}`);
    expect(apiContainerRepository(`${REGISTRY}/team`)).toBe(`${REGISTRY}/team/kurtosis-ts/api-container`);
  });

  it('pulls the engine and API container images, then starts the engine with its API container repository', async () => {
    const engine = await new LocalEngine(cli, backend, { imageRegistry: REGISTRY }).start();
    const spec = backend.inspect({ kind: 'engine', guid: engine.guid })?.spec;
    expect(spec?.image).toBe(ENGINE);
    expect(spec?.env).toMatchObject({ KURTOSIS_API_CONTAINER_IMAGE: `${REGISTRY}/kurtosis-ts/api-container` });
    expect(said.filter((l) => l.startsWith('Pulled '))).toEqual([expect.stringContaining(`Pulled ${ENGINE}`), expect.stringContaining(`Pulled ${API_CONTAINER}`)]);
    const progress = stderr.mock.calls.map(([text]) => String(text)).join('');
    expect(progress).toContain(`${ENGINE}: layer layer0: downloading (1.0 kB)`);
    // Present now: a second start pulls nothing.
    await new LocalEngine(cli, backend).stop();
    said = [];
    await new LocalEngine(cli, backend, { imageRegistry: REGISTRY }).start();
    expect(said.some((l) => l.startsWith('Pulled') || l.startsWith('Pulling'))).toBe(false);
  });

  it('takes the registry from KURTOSIS_IMAGE_REGISTRY', async () => {
    const engine = await new LocalEngine({ ...cli, env: { KURTOSIS_IMAGE_REGISTRY: REGISTRY } } as unknown as Cli, backend).start();
    expect(backend.inspect({ kind: 'engine', guid: engine.guid })?.spec.image).toBe(ENGINE);
  });

  it('starts no engine when the registry does not answer, and says which', async () => {
    backend.stopRegistry(REGISTRY);
    await expect(new LocalEngine(cli, backend, { imageRegistry: REGISTRY }).start()).rejects.toThrow(`registry ${REGISTRY} cannot be reached`);
    expect(await backend.getEngines()).toEqual([]);
  });

  it('refuses a registry that makes no image reference, as a usage error', async () => {
    await expect(new LocalEngine(cli, backend, { imageRegistry: 'Not A Registry' }).start()).rejects.toMatchObject({ exitCode: 2 });
    expect(await backend.getEngines()).toEqual([]);
  });
});
