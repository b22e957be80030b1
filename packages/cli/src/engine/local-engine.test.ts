// The local engine against the in-memory backend: started where the backend publishes it and
// waited for, removed again when it never gets ready; dead engines removed and named; only the
// user's engine (on the engine port) stopped; a service's process found for a shell.
import { parseId } from '@kurtosis-ts/domain';
import { InMemoryKurtosisBackend } from '@kurtosis-ts/container-backend/testing';
import { ENGINE_PORT, SERVER_READY_MARKER } from '@kurtosis-ts/engine-client';
import type { Cli } from '../cli-context';
import { addressOf, deadEngines, LocalEngine } from './local-engine';

const IMAGE = 'kurtosis-ts/engine:test';

describe('LocalEngine', () => {
  let backend: InMemoryKurtosisBackend;
  let ready: boolean;
  let said: string[];
  let cli: Cli;

  beforeEach(() => {
    ready = true;
    said = [];
    backend = new InMemoryKurtosisBackend({
      publicHost: '192.0.2.7',
      onStart: (process) => {
        if (ready && process.ref.kind === 'engine') backend.writeOutput(process.ref, `engine listening; ${SERVER_READY_MARKER}\n`);
      },
      exec: (_ref, argv) => ({ exitCode: 3, output: `ran ${argv.join(' ')}\n` }),
    });
    cli = { env: { KURTOSIS_ENGINE_IMAGE: IMAGE }, info: (line: string) => said.push(line), stderrTerminal: { spinner: false, color: false } } as unknown as Cli;
  });

  it('starts an engine on the engine port, waits for it, and says where the backend published it', async () => {
    const engine = await new LocalEngine(cli, backend).start();
    expect(engine).toMatchObject({ status: 'running', publicAddress: { host: '192.0.2.7', port: ENGINE_PORT } });
    expect(addressOf(engine)).toBe(`192.0.2.7:${ENGINE_PORT}`);
    expect(backend.inspect({ kind: 'engine', guid: engine.guid })?.spec.image).toBe(IMAGE);
    expect(said.at(-1)).toMatch(new RegExp(`^Engine .* running on 192\\.0\\.2\\.7:${ENGINE_PORT} \\(`));
    expect(await new LocalEngine(cli, backend).running()).toMatchObject({ guid: engine.guid });
  });

  it('removes an engine that never gets ready, and fails', async () => {
    ready = false;
    await expect(new LocalEngine(cli, backend, { startTimeoutMs: 50 }).start()).rejects.toThrow(/did not become ready/);
    expect(await backend.getEngines()).toEqual([]);
  });

  it('removes dead engines, naming them, before it starts one', async () => {
    const dead = await backend.createEngine({ image: IMAGE, version: '0.1.0', hostPort: ENGINE_PORT });
    backend.exitProcess({ kind: 'engine', guid: dead.guid }, 137);
    const local = new LocalEngine(cli, backend);
    expect(deadEngines(await local.all()).map((e) => e.guid)).toEqual([dead.guid]);
    const started = await local.start();
    expect(said[0]).toBe(`Removed 1 engine container(s) that no longer ran: ${dead.guid}`);
    expect((await backend.getEngines()).map((e) => e.guid)).toEqual([started.guid]);
  });

  it("stops the user's engine and dead ones, never an engine on another port", async () => {
    const theirs = await backend.createEngine({ image: IMAGE, version: '0.1.0', hostPort: 19_710 });
    const local = new LocalEngine(cli, backend);
    await local.start();
    expect(await local.stop()).toBe(1);
    expect((await backend.getEngines()).map((e) => e.guid)).toEqual([theirs.guid]);
    expect(await local.running()).toBeUndefined();
    expect(() => addressOf({ ...theirs, publicAddress: undefined })).toThrow(`Engine ${theirs.guid} is not reachable`);
  });

  it("finds a started service's process for a shell, and runs the shell there", async () => {
    const enclaveId = parseId('enclave', 'My_Enclave.1');
    await backend.createEnclave(enclaveId, { isPartitioningEnabled: false });
    const registration = await backend.registerService(enclaveId, parseId('service', 'web'));
    await backend.startService(enclaveId, registration.guid, { image: 'web', ports: {}, entrypoint: [], cmd: [], env: {}, dataDirMountpoint: '', filesArtifacts: [] });
    const local = new LocalEngine(cli, backend);
    const process = await local.serviceProcess(enclaveId, 'web');
    expect(process).toEqual({ kind: 'user-service', enclaveId, guid: registration.guid });
    expect(await local.serviceProcess(enclaveId, 'nope')).toBeUndefined();
    let written = '';
    const stdout = { write: (text: string) => ((written += text), true) } as unknown as NodeJS.WritableStream;
    expect(await local.execInteractive(process as NonNullable<typeof process>, ['sh'], { stdin: undefined as unknown as NodeJS.ReadableStream, stdout, tty: false })).toBe(3);
    expect(written).toBe('ran sh\n');
  });
});
