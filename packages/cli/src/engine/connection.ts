// The one way into the engine and an enclave: connect, do the work, always close. The local engine
// is started when it does not answer (only for commands that may start it); any other engine
// (--engine, KURTOSIS_ENGINE) is never started, only named.
import { KurtosisContext, KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import type { Cli } from '../cli-context';
import { CliFailure } from '../errors/cli-errors';
import { LocalEngine } from './local-engine';

function notAnswering(err: unknown): boolean {
  return err instanceof KurtosisError && (err.code === StatusCode.UNAVAILABLE || err.code === StatusCode.DEADLINE_EXCEEDED);
}

export async function connectToEngine(cli: Cli, options: { autoStart: boolean }): Promise<KurtosisContext> {
  const { address, isLocalDefault, from } = cli.engine;
  try {
    return await KurtosisContext.connect(address, { timeoutMs: 5_000 });
  } catch (err) {
    if (!notAnswering(err)) throw err;
    if (!isLocalDefault) throw new CliFailure(`No engine answers at ${address} (from ${from})`);
    if (!options.autoStart) throw new CliFailure('No engine is running; start one with `kurtosis engine start`');
  }
  await new LocalEngine(cli).start();
  return KurtosisContext.connect(address);
}

export async function withEngine<T>(cli: Cli, work: (kurtosis: KurtosisContext) => Promise<T>, options: { autoStart: boolean } = { autoStart: false }): Promise<T> {
  const kurtosis = await connectToEngine(cli, options);
  try {
    return await work(kurtosis);
  } finally {
    kurtosis.close();
  }
}

/**
 * Runs `work` on an enclave, closing both connections afterwards, whatever happens. The engine stays
 * connected meanwhile, so the enclave context can find a restarted API container on its new port.
 */
export function withEnclave<T>(cli: Cli, enclaveId: string, work: (enclave: EnclaveContext, kurtosis: KurtosisContext) => Promise<T>): Promise<T> {
  return withEngine(cli, async (kurtosis) => {
    const enclave = await kurtosis.getEnclaveContext(enclaveId);
    try {
      return await work(enclave, kurtosis);
    } finally {
      enclave.close();
    }
  });
}
