// Runs the buf binary shipped by the @bufbuild/buf npm package (no download, no network).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const PROTOS_PROJECT_ROOT = path.resolve(__dirname, '../..');
const WORKSPACE_BIN = path.resolve(PROTOS_PROJECT_ROOT, '../../node_modules/.bin');

export function runBuf(args: string[], cwd = PROTOS_PROJECT_ROOT): string {
  return execFileSync(path.join(WORKSPACE_BIN, 'buf'), args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // buf finds the ts-proto plugin (protoc-gen-ts_proto) on PATH.
    env: { ...process.env, PATH: `${WORKSPACE_BIN}${path.delimiter}${process.env['PATH'] ?? ''}` },
  });
}
