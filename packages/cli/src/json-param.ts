// Params given on the command line: inline JSON, or @path/to/file.json. Checked to be JSON before
// anything is created, and passed on verbatim. Pure but for reading the file.
import { readFileSync } from 'node:fs';
import { UsageError } from './cli-errors';

export function readJsonParam(flag: string, value: string, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string {
  let text = value;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '') throw new UsageError(`${flag} @ needs a file name after the @`);
    try {
      text = readFile(file);
    } catch (err) {
      throw new UsageError(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  try {
    JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} is not valid JSON${value.startsWith('@') ? ` (in ${value.slice(1)})` : ''}: ${(err as Error).message}`);
  }
  return text;
}
