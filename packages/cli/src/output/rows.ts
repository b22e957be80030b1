// Tables as the output contract prints them: boxed on a terminal (cli-table3), tab-separated plain
// rows otherwise (a cell's lines joined by ','), the header row unless --no-headers. Pure.
import Table from 'cli-table3';
import type { Layout } from './output-format';

export type Cell = string | number | readonly string[];

const lines = (cell: Cell): string[] => (Array.isArray(cell) ? [...cell] : [String(cell)]);

export function renderRows(head: readonly string[], rows: readonly (readonly Cell[])[], options: { layout: Exclude<Layout, 'json'>; headers: boolean }): string {
  if (options.layout === 'plain') {
    const plain = rows.map((row) => row.map((cell) => lines(cell).join(',').replace(/[\t\n]/g, ' ')).join('\t'));
    return [...(options.headers ? [head.join('\t')] : []), ...plain].map((l) => `${l}\n`).join('');
  }
  const table = new Table({ ...(options.headers ? { head: [...head] } : {}), style: { head: [], border: [] } });
  table.push(...rows.map((row) => row.map((cell) => (lines(cell).join('\n') || '-'))));
  return `${table.toString()}\n`;
}
