// `kurtosis enclave logs ID [-f]`: every service and module of the enclave, each line prefixed with
// its source (coloured per source on a colour terminal); module lines readable on a terminal.
import type { Command } from 'commander';
import type { LogLine } from '@kurtosis-ts/engine-client';
import type { Cli } from '../../cli-context';
import { withEnclave } from '../../engine/connection';
import { prefixedLine, readablePinoLine } from '../../format/log-lines';
import { parseSince, parseTail } from '../../format/since';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

export interface LogFlags {
  follow: boolean;
  tail?: string;
  since?: string;
  timestamps: boolean;
}

export function withLogOptions(command: Command): Command {
  return command
    .option('-f, --follow', 'keep following until interrupted', false)
    .option('-n, --tail <lines>', "only the last N lines of each source ('all' for all)")
    .option('--since <time>', 'only lines since a duration ago (10m, 1h30m) or a date (2026-12-01T08:00:00Z)')
    .option('-t, --timestamps', 'show when each line was written', false);
}

export function logRequest(flags: LogFlags): { follow: boolean; tailLines?: number; sinceMs?: number } {
  return {
    follow: flags.follow,
    ...(flags.tail !== undefined ? { tailLines: parseTail(flags.tail) } : {}),
    ...(flags.since !== undefined ? { sinceMs: parseSince(flags.since, Date.now()) } : {}),
  };
}

/** Writes each line to stdout; with `prefix`, named after its source. */
export function lineWriter(cli: Cli, flags: LogFlags, prefix: boolean): (line: LogLine) => void {
  const sources: string[] = [];
  const { color } = cli.stdoutTerminal;
  return (line) => {
    if (!sources.includes(line.sourceId)) sources.push(line.sourceId);
    const text = line.sourceKind === 'module' && process.stdout.isTTY ? readablePinoLine(line.line, { color }) : line.line;
    const stamp = flags.timestamps && line.timestampMs ? line.timestampMs : undefined;
    const width = Math.max(...sources.map((s) => s.length));
    if (prefix) cli.write(`${prefixedLine(line.sourceId, text, { color, width, index: sources.indexOf(line.sourceId), ...(stamp ? { timestampMs: stamp } : {}) })}\n`);
    else cli.write(`${stamp ? `${new Date(stamp).toISOString()} ` : ''}${text}\n`);
  };
}

export function addEnclaveLogs(enclave: Command, run: Run): void {
  const command = withLogOptions(verb(enclave, 'logs <enclave-id>', 'Print the logs of every service and module of an enclave, each line named after its source'));
  examples(command, ['kurtosis enclave logs my-enclave', 'kurtosis enclave logs my-enclave -f --tail 10', 'kurtosis enclave logs my-enclave --since 5m --timestamps']);
  command.action((id: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      const flags = rest[0] as LogFlags;
      const request = logRequest(flags);
      await withEnclave(cli, id, (e) => e.streamLogs(request, lineWriter(cli, flags, true), cli.interrupts.signal));
    }),
  );
}
