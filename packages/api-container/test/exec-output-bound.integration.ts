// A service whose command prints without measure: ExecCommand answers a bounded output that names the
// cut, the client accepts the answer (under gRPC's 4 MiB default), and the API container is still
// well afterwards — instead of holding the whole output in memory and answering a message no client
// takes.
import { MAX_EXEC_OUTPUT_CHARS } from '@kurtosis-ts/container-backend';
import { apiContainerApi } from '@kurtosis-ts/protos';
import { dockerObjectsOfEnclave } from '@kurtosis-ts/server-test-kit';
import { startEnclave, stopEnclave } from './enclave-fixture';
import type { EnclaveFixture } from './enclave-fixture';

const NAME = 'exec-bound';

describe('ExecCommand output bound', () => {
  let fx: EnclaveFixture;

  beforeAll(async () => {
    fx = await startEnclave(NAME);
    await fx.api.registerService({ serviceId: 'chatty', partitionId: '' });
    await fx.api.startService(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 'chatty', dockerImage: 'debian:bookworm-slim', entrypointArgs: ['sleep', 'infinity'] }));
  });

  afterAll(async () => {
    await stopEnclave(fx, NAME);
    expect(dockerObjectsOfEnclave(fx.enclaveId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('answers the first 1 Mi characters of 8 MB of output and says how much it dropped', async () => {
    const started = Date.now();
    const answer = await fx.api.execCommand({ serviceId: 'chatty', commandArgs: ['sh', '-c', "head -c 8000000 /dev/zero | tr '\\0' y; echo done >&2; exit 3"] });
    expect(answer.exitCode).toBe(3);
    expect(answer.logOutput.slice(0, MAX_EXEC_OUTPUT_CHARS)).toBe('y'.repeat(MAX_EXEC_OUTPUT_CHARS));
    // The command ran to its end (its exit code came back); what followed the limit is named, not kept.
    expect(answer.logOutput.slice(MAX_EXEC_OUTPUT_CHARS)).toMatch(/^\n\[kurtosis-ts: output cut after 1048576 characters; \d+ more were dropped\]\n$/);
    const dropped = Number(/(\d+) more were dropped/.exec(answer.logOutput)?.[1]);
    expect(dropped).toBe(8_000_000 + 'done\n'.length - MAX_EXEC_OUTPUT_CHARS);
    console.log(`8 MB of exec output answered, bounded, in ${Date.now() - started} ms`);
    // The API container is well and answers the next call at once.
    expect((await fx.api.execCommand({ serviceId: 'chatty', commandArgs: ['echo', 'still here'] })).logOutput).toBe('still here\n');
  });
});
