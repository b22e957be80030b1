// Printing data by the output contract: JSON (objects, always), or rows laid out for where stdout goes.
import type { Cli } from '../cli-context';
import type { OutputFlags } from './output-format';
import { renderRows } from './rows';
import type { Cell } from './rows';

export function printJson(cli: Cli, value: unknown): void {
  cli.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `json` is what -o json prints: the same data as objects. */
export function printRows(cli: Cli, flags: OutputFlags, head: readonly string[], rows: readonly (readonly Cell[])[], json: unknown): void {
  const layout = cli.layout(flags);
  if (layout === 'json') return printJson(cli, json);
  cli.write(renderRows(head, rows, { layout, headers: flags.headers !== false }));
}
