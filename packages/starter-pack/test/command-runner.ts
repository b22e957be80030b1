// Runs a command to completion with its output captured; a failure throws with the command, its
// directory and the end of its output, so a failed step of the self-test says what went wrong.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Resolve with a non-zero exit code instead of rejecting. */
  allowFailure?: boolean;
}

const OUTPUT_SHOWN = 6000;

export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const exitCode = code ?? 128;
      const line = `${command} ${args.join(' ')}`;
      process.stderr.write(`[starter-pack self-test] ${line} → exit ${exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      // Colours are off in the scratch environment; a tool that forces them anyway must not break assertions.
      stdout = stripVTControlCharacters(stdout);
      stderr = stripVTControlCharacters(stderr);
      if (exitCode === 0 || options.allowFailure) {
        resolve({ stdout, stderr, exitCode });
        return;
      }
      reject(
        new Error(
          `'${line}' in ${options.cwd} exited with ${signal ?? exitCode}\n` +
            `--- stdout (end)\n${stdout.slice(-OUTPUT_SHOWN)}\n--- stderr (end)\n${stderr.slice(-OUTPUT_SHOWN)}`,
        ),
      );
    });
  });
}
