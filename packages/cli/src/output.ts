// What the CLI prints: results on stdout (tables, or JSON with --json), everything else on stderr,
// spinners only when stderr is a terminal.
import Table from 'cli-table3';
import ora from 'ora';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(head: string[], rows: (string | number)[][]): void {
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows.map((r) => r.map(String)));
  process.stdout.write(`${table.toString()}\n`);
}

export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs `work` with a spinner on a TTY, or a plain line on stderr otherwise. */
export async function withProgress<T>(text: string, work: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) {
    info(`${text}…`);
    return work();
  }
  const spinner = ora({ text, stream: process.stderr }).start();
  try {
    const result = await work();
    spinner.succeed();
    return result;
  } catch (err) {
    spinner.fail();
    throw err;
  }
}
