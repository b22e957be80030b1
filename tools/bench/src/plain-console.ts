// The bench's tables: console.table colours its cells whenever stdout looks like a terminal (also
// Nx's pseudo-terminal when the output goes to a file); this console colours only on a real terminal
// and never under NO_COLOR.
import { Console } from 'node:console';

export const colorOutput = Boolean(process.stdout.isTTY) && !(process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') && process.env['TERM'] !== 'dumb';

export const benchConsole = new Console({ stdout: process.stdout, stderr: process.stderr, colorMode: colorOutput });
