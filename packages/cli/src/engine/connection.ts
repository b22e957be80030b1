// The one way into the engine and an enclave: connect, do the work, always close. The local engine
// is started when it does not answer (only for commands that may start it), and then reached where
// the platform published it; any other engine (--engine, KURTOSIS_ENGINE) is never started, only
// named. An enclave ID no enclave can have is a usage error before anything is asked.
import { KurtosisContext, KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import type { Cli } from '../cli-context';
import { enclaveIdArg } from '../cli-ids';
import { CliFailure } from '../errors/cli-errors';
import { addressOf, LocalEngine } from './local-engine';

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
  return KurtosisContext.connect(addressOf(await new LocalEngine(cli).start()));
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
export async function withEnclave<T>(cli: Cli, enclaveId: string, work: (enclave: EnclaveContext, kurtosis: KurtosisContext) => Promise<T>): Promise<T> {
  enclaveIdArg(enclaveId);
  return withEngine(cli, async (kurtosis) => {
    const enclave = await kurtosis.getEnclaveContext(enclaveId);
    try {
      return await work(enclave, kurtosis);
    } finally {
      enclave.close();
    }
  });
}
