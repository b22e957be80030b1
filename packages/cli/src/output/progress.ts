// Progress of a command on stderr: a spinner on a terminal that allows one (output/terminal.ts),
// otherwise a plain "doing…" line; then a final line saying what was done, and how long it took.
// Spinners stop at once when the command is interrupted.
import type { Cli } from '../cli-context';

export interface ProgressOptions<T> {
  /** The final line, e.g. "Removed enclave x"; without one the spinner just ends. */
  done?: (result: T) => string;
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export async function withProgress<T>(cli: Cli, text: string, work: () => Promise<T>, options: ProgressOptions<T> = {}): Promise<T> {
  const started = Date.now();
  const { spinner: spin, color } = cli.stderrTerminal;
  const finalLine = (result: T) => (options.done ? `${options.done(result)} (${seconds(Date.now() - started)})` : undefined);
  if (!spin) {
    cli.info(`${text}…`);
    const result = await work();
    const line = finalLine(result);
    if (line) cli.info(line);
    return result;
  }
  // discardStdin would put stdin in raw mode, where Ctrl-C no longer raises SIGINT.
  // Loaded only when a spinner is drawn (an ES module; commands and their tests never need it otherwise).
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr, discardStdin: false, color: color ? 'cyan' : false, hideCursor: true });
  const stopOnInterrupt = cli.interrupts.onInterrupt(() => spinner.stop());
  spinner.start();
  try {
    const result = await work();
    const line = finalLine(result);
    spinner.stopAndPersist({ symbol: color ? '\u001b[32m✔\u001b[39m' : '✔', text: line ?? text });
    return result;
  } catch (err) {
    spinner.stopAndPersist({ symbol: color ? '\u001b[31m✖\u001b[39m' : '✖', text });
    throw err;
  } finally {
    stopOnInterrupt();
  }
}
