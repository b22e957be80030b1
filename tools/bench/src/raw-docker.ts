// The baseline: the same work done with plain `docker` commands, as someone without Kurtosis would.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** `docker logs -f` until `marker` shows up: the readiness check our engine uses too. */
export function waitForLogMarker(containerId: string, marker: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const follower = spawn('docker', ['logs', '-f', containerId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => done(new Error(`${containerId} printed no '${marker}' in ${timeoutMs} ms`)), timeoutMs);
    const done = (err?: Error) => {
      clearTimeout(timer);
      follower.kill();
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(marker)) done();
    };
    follower.stdout.on('data', onData);
    follower.stderr.on('data', onData);
    follower.on('exit', () => done(new Error(`${containerId} exited before printing '${marker}'`)));
  });
}
