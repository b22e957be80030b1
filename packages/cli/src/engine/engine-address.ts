// Which engine the CLI talks to: `--engine HOST:PORT`, else KURTOSIS_ENGINE, else the local one where
// the original clients find it (LOCAL_ENGINE_ADDRESS of the engine client: the engine port on
// loopback) — the only one the CLI starts by itself when it does not answer. Pure.
import { LOCAL_ENGINE_ADDRESS, LOCAL_ENGINE_HOST } from '@kurtosis-ts/engine-client';
import { UsageError } from '../errors/cli-errors';

export interface EngineAddress {
  /** host:port */
  address: string;
  /** The local default: the CLI may start (and stop) it on the container platform. */
  isLocalDefault: boolean;
  /** Where it was given: "--engine", "KURTOSIS_ENGINE" or "default". */
  from: string;
}

export const DEFAULT_ENGINE_ADDRESS = LOCAL_ENGINE_ADDRESS;

export function engineAddress(flag: string | undefined, env: NodeJS.ProcessEnv): EngineAddress {
  const given = flag ?? env['KURTOSIS_ENGINE'];
  const from = flag !== undefined ? '--engine' : env['KURTOSIS_ENGINE'] !== undefined ? 'KURTOSIS_ENGINE' : 'default';
  if (given === undefined || given === '') return { address: DEFAULT_ENGINE_ADDRESS, isLocalDefault: true, from: 'default' };
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(given);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new UsageError(`${from} '${given}' is not HOST:PORT (e.g. ${DEFAULT_ENGINE_ADDRESS})`);
  // `localhost` names the local engine too.
  const host = match[1] === 'localhost' ? LOCAL_ENGINE_HOST : match[1];
  const address = `${host}:${port}`;
  return { address, isLocalDefault: address === DEFAULT_ENGINE_ADDRESS, from };
}
