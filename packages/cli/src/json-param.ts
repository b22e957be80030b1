// Params given on the command line: inline JSON, @path/to/file.json, or @- for standard input.
// Checked to be JSON before anything is created, and passed on verbatim. Pure but for reading.
import { readFileSync } from 'node:fs';
import { UsageError } from './errors/cli-errors';

/** The path `readFile` is given for `@-`: standard input. */
export const STDIN = '-';

const readFileOrStdin = (p: string) => readFileSync(p === STDIN ? 0 : p, 'utf8');

export function readJsonParam(flag: string, value: string, readFile: (path: string) => string = readFileOrStdin): string {
  let text = value;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '') throw new UsageError(`${flag} @ needs a file name after the @`);
    try {
      text = readFile(file);
    } catch (err) {
      throw new UsageError(`${flag}: cannot read ${file === STDIN ? 'standard input' : file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  try {
    JSON.parse(text);
  } catch (err) {
    const where = value === `@${STDIN}` ? ' (on standard input)' : value.startsWith('@') ? ` (in ${value.slice(1)})` : '';
    throw new UsageError(`${flag} is not valid JSON${where}: ${(err as Error).message}`);
  }
  return text;
}
