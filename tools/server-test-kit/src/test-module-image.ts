// A test module (by default fixtures/test-module.ts), bundled with esbuild onto the node base image.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { workspaceRoot } from './workspace-root';

export class TestModuleImage {
  private constructor(readonly tag: string) {}

  /** `entry`: a module's main file, relative to the workspace root (default: the protocol-level fixture). */
  static build(name = 'test-module', entry = 'tools/server-test-kit/fixtures/test-module.ts'): TestModuleImage {
    const tag = `kurtosis-ts-test/${name}:${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-test-module-'));
    try {
      buildSync({
        entryPoints: [path.join(workspaceRoot(), entry)],
        outfile: path.join(dir, 'main.js'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        conditions: ['development'],
        logLevel: 'warning',
      });
      fs.writeFileSync(
        path.join(dir, 'Dockerfile'),
        'FROM node:20-bookworm-slim\nLABEL com.kurtosistech.test=server-test-kit\nCOPY main.js /app/main.js\nENTRYPOINT ["node", "/app/main.js"]\n',
      );
      execFileSync('docker', ['build', '-q', '-t', tag, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return new TestModuleImage(tag);
  }

  remove(): void {
    spawnSync('docker', ['image', 'rm', '-f', this.tag], { stdio: 'ignore' });
  }
}
