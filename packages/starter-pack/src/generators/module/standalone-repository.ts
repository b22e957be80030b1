// The side effects of standalone mode, run after the files are written: the @kurtosis-ts packages
// built and packed into vendor/, npm install, git init and the first commit.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VendoredPackage } from './vendored-packages';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`'${command} ${args.join(' ')}' in ${cwd} failed:\n${stdout}${stderr}`, { cause: err });
  }
}

/**
 * The CLI's package is one esbuild bundle: packed with its bin and bundle only and no dependencies,
 * so installing it needs nothing from a registry.
 */
function packBundledCli(workspaceRoot: string, pkg: VendoredPackage, vendorDir: string): void {
  const source = path.join(workspaceRoot, pkg.dir);
  const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as Record<string, unknown>;
  const stage = mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-cli-pack-'));
  try {
    for (const file of ['bin/kurtosis.cjs', 'dist/kurtosis.cjs', 'dist/kurtosis.cjs.map', 'README.md']) {
      if (!existsSync(path.join(source, file))) continue;
      mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
      copyFileSync(path.join(source, file), path.join(stage, file));
    }
    const { name, version, description, license, bin } = manifest;
    writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name, version, description, license, bin, files: ['bin', 'dist'] }, null, 2));
    run('npm', ['pack', '--pack-destination', vendorDir], stage);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Builds the packages (their tarballs hold built JavaScript and types), then packs each. */
export function packVendoredPackages(workspaceRoot: string, packages: VendoredPackage[], vendorDir: string): void {
  run('npx', ['nx', 'run-many', '-t', 'build', '--projects', packages.map((p) => p.name).join(','), '--outputStyle=static'], workspaceRoot, {
    ...process.env,
    NX_DAEMON: 'false',
  });
  mkdirSync(vendorDir, { recursive: true });
  for (const pkg of packages) {
    if (pkg.bundled) packBundledCli(workspaceRoot, pkg, vendorDir);
    else run('npm', ['pack', '--pack-destination', vendorDir], path.join(workspaceRoot, pkg.dir));
    if (!existsSync(path.join(vendorDir, pkg.tarball))) throw new Error(`npm pack of ${pkg.name} did not write ${pkg.tarball} in ${vendorDir}`);
  }
}

export function installDependencies(repository: string): void {
  run('npm', ['install', '--no-audit', '--no-fund'], repository);
}

/** git init and a first commit; without a configured identity, the commit says it is the starter pack's. */
export function commitFirstVersion(repository: string, message: string): void {
  run('git', ['init', '-q', '-b', 'main'], repository);
  run('git', ['add', '-A'], repository);
  let identity: string[] = [];
  try {
    run('git', ['config', 'user.email'], repository);
  } catch {
    identity = ['-c', 'user.name=kurtosis-ts starter pack', '-c', 'user.email=starter-pack@kurtosis-ts.invalid'];
  }
  run('git', [...identity, 'commit', '-q', '-m', message], repository);
}
