// Signal names a client may ask KillService to deliver. Checked here, so a typo is INVALID_ARGUMENT
// naming the signal rather than whatever the container runtime says about it.
import { constants } from 'node:os';
import { invalid } from '@kurtosis-ts/domain';
import { quote } from '@kurtosis-ts/protos';

const KNOWN_SIGNALS = new Set(Object.keys(constants.signals));

/** "kill", "SIGKILL", "sigterm", "HUP" → "SIGKILL"/"SIGTERM"/"SIGHUP"; "" → "SIGKILL". */
export function normalizeSignal(signal: string): string {
  const trimmed = signal.trim().toUpperCase();
  if (trimmed === '') return 'SIGKILL';
  const name = trimmed.startsWith('SIG') ? trimmed : `SIG${trimmed}`;
  if (!KNOWN_SIGNALS.has(name)) {
    throw invalid(`${quote(signal)} is not a signal name; use one such as SIGKILL, SIGTERM, SIGINT, SIGHUP, SIGUSR1`);
  }
  return name;
}
