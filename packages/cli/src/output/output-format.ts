// The output contract of every command that prints data: `-o/--output table|json` (`--json` is
// `-o json`), objects in JSON always; tables only when stdout is a terminal, tab-separated rows
// otherwise, and `--no-headers` to leave the header row out. Pure.
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../errors/cli-errors';

export type OutputFormat = 'table' | 'json';
export type Layout = 'json' | 'boxed' | 'plain';

export interface OutputFlags {
  output?: string;
  json?: boolean;
  /** Commander's --no-headers sets headers to false. */
  headers?: boolean;
}

export function outputFormat(flags: OutputFlags): OutputFormat {
  if (flags.json) {
    if (flags.output !== undefined && flags.output !== 'json') throw new UsageError(`--json and --output ${flags.output} contradict each other`);
    return 'json';
  }
  const format = flags.output ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--output must be table or json, not '${format}'`);
  return format;
}

export function layout(flags: OutputFlags, stdoutIsTTY: boolean): Layout {
  if (outputFormat(flags) === 'json') return 'json';
  return stdoutIsTTY ? 'boxed' : 'plain';
}

/** Adds -o/--output, --json and --no-headers to a command that prints data. */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']))
    .option('--json', 'same as -o json')
    .option('--no-headers', 'leave out the header row of tables and plain rows');
}
