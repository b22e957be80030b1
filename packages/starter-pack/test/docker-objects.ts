// The Docker objects the self-test creates besides its enclaves, found so it removes exactly those:
// its images, and the engine `kurtosis module exec` starts on 127.0.0.1:9710 when none runs.
import { execFileSync } from 'node:child_process';

function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function imageExists(reference: string): boolean {
  try {
    docker(['image', 'inspect', reference]);
    return true;
  } catch {
    return false;
  }
}

/** Removes these tags (and the image once untagged); tags that do not exist are skipped. */
export function removeImages(references: string[]): void {
  const existing = references.filter(imageExists);
  if (existing.length > 0) docker(['image', 'rm', '-f', ...existing]);
}

/** IDs of the engine containers publishing the CLI's engine port on the host. */
export function cliEngines(): Set<string> {
  const lines = docker(['ps', '-a', '--no-trunc', '--filter', 'label=com.kurtosistech.container-type=kurtosis-engine', '--format', '{{.ID}} {{.Ports}}']);
  return new Set(
    lines
      .split('\n')
      .filter((line) => line.includes('127.0.0.1:9710->'))
      .map((line) => line.split(' ')[0]),
  );
}

export function removeContainers(ids: Iterable<string>): void {
  const all = [...ids];
  if (all.length > 0) docker(['rm', '-f', ...all]);
}
