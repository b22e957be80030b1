// The built `kurtosis` as a user runs it: a subprocess (through a pseudo-terminal made by `script`
// where a terminal matters), with its output, exit code and wall time.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { workspaceRoot } from '@kurtosis-ts/server-test-kit';

export const ROOT = workspaceRoot();
export const KURTOSIS_BIN = path.join(ROOT, 'packages/cli/bin/kurtosis.cjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A clean environment: no CI or NO_COLOR of the test runner's own, unless given. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'KURTOSIS_ENGINE']) if (!(key in extra)) delete env[key];
  return env;
}

export function kurtosis(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): CliRun {
  const started = Date.now();
  const result = spawnSync(process.execPath, [KURTOSIS_BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, input: options.input, env: cliEnv(options.env) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** JSON of a command that must succeed. */
export function json<T = unknown>(...args: string[]): T {
  const run = kurtosis([...args, '-o', 'json']);
  if (run.status !== 0) throw new Error(`kurtosis ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** The command line `script` runs: the CLI, after setting the terminal's width when asked. */
function ptyCommand(args: readonly string[], columns?: number): string {
  const cli = [process.execPath, KURTOSIS_BIN, ...args].map(shellQuote).join(' ');
  return columns === undefined ? cli : `stty cols ${columns} rows 40; ${cli}`;
}

/**
 * Runs the CLI in a pseudo-terminal (stdin, stdout and stderr all on it, merged). Without `columns`
 * the terminal reports 0 columns, as under CI runners and IDE consoles.
 */
export function kurtosisInPty(args: readonly string[], options: { columns?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliRun {
  const started = Date.now();
  const result = spawnSync('script', ['-qfec', ptyCommand(args, options.columns), '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: cliEnv(options.env),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** A CLI run in the background, to be interrupted: its output so far and when it ended. */
export class RunningCli {
  stdout = '';
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null; atMs: number } | undefined;
  private readonly ended: Promise<void>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.ended = new Promise((resolve) => child.on('exit', (code, signal) => ((this.exit = { code, signal, atMs: Date.now() }), resolve())));
  }

  /** In a 0-column pseudo-terminal when `pty` (Ctrl-C then goes through the terminal, as typed). */
  static start(args: readonly string[], options: { pty?: boolean; env?: NodeJS.ProcessEnv } = {}): RunningCli {
    const child = options.pty
      ? spawn('script', ['-qfec', ptyCommand(args), '/dev/null'], { cwd: ROOT, env: cliEnv(options.env), detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(process.execPath, [KURTOSIS_BIN, ...args], { cwd: ROOT, env: cliEnv(options.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    return new RunningCli(child);
  }

  /** Types Ctrl-C into the pseudo-terminal: its line discipline sends SIGINT to the CLI. */
  ctrlC(): number {
    this.child.stdin?.write('\u0003');
    return Date.now();
  }

  async waitForOutput(text: string | RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const seen = () => (typeof text === 'string' ? (this.stdout + this.stderr).includes(text) : text.test(this.stdout + this.stderr));
    while (!seen()) {
      if (this.exit) throw new Error(`The CLI exited (${this.exit.code}) before printing ${String(text)}: ${this.stdout}${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`The CLI did not print ${String(text)} within ${timeoutMs} ms: ${this.stdout}${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends a signal to the CLI (started without a pseudo-terminal). */
  signal(signal: NodeJS.Signals): number {
    process.kill(this.child.pid as number, signal);
    return Date.now();
  }

  async done(timeoutMs = 60_000): Promise<NonNullable<RunningCli['exit']>> {
    let timeout: NodeJS.Timeout | undefined;
    const timer = new Promise<'late'>((resolve) => (timeout = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([this.ended, timer]);
    clearTimeout(timeout);
    if (outcome === 'late') {
      this.kill();
      throw new Error(`The CLI did not exit within ${timeoutMs} ms: ${this.stdout}${this.stderr}`);
    }
    return this.exit as NonNullable<RunningCli['exit']>;
  }

  kill(): void {
    try {
      process.kill(-(this.child.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Whether any process of the CLI's bundle still runs (the interrupted command left nothing behind). */
export function cliProcessesRunning(marker: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(KURTOSIS_BIN) && l.includes(marker));
}
