// A scratch copy of this workspace for the self-test: the files git knows about (committed or not,
// never ignored ones) plus the projects' build outputs (dist, out-tsc), all with their timestamps, so
// `tsc --build` in the copy finds what is up to date in the workspace up to date there too; and a
// node_modules whose entries point at the workspace's installed packages, except the workspace's own
// packages, which point into the copy. Nx, jest, npm and git run in the copy write only there: it has
// its own .nx, dist and out-tsc folders, and its commands get an environment without the NX_*/npm_*
// variables of the run that started the self-test.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './command-runner';
import type { CommandResult } from './command-runner';

const WORKSPACE_FOLDERS = ['packages', 'modules', 'tools'];
const BUILD_OUTPUTS = ['dist', 'out-tsc'];

/** The environment of commands in the copy: the parent run's Nx task and npm script settings would point them back at it. */
export function isolatedEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(NX_|npm_|JEST_)/i.test(key) && key !== 'INIT_CWD'));
  // prefer-offline: npm installs from its cache what the workspace's own install already fetched.
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NO_COLOR: '1', npm_config_prefer_offline: 'true' };
}

function projectFolders(root: string): string[] {
  return WORKSPACE_FOLDERS.filter((folder) => existsSync(path.join(root, folder))).flatMap((folder) =>
    readdirSync(path.join(root, folder)).map((project) => path.join(folder, project)),
  );
}

function linkNodeModules(source: string, target: string): void {
  const sourceModules = path.join(source, 'node_modules');
  const targetModules = path.join(target, 'node_modules');
  mkdirSync(targetModules);
  for (const entry of readdirSync(sourceModules)) {
    const from = path.join(sourceModules, entry);
    if (entry === '@kurtosis-ts' || entry === '.bin') {
      // Relative links (../../packages/x, ../nx/bin/nx.js): copied as they are, they resolve inside the copy.
      mkdirSync(path.join(targetModules, entry));
      for (const link of readdirSync(from)) {
        if (lstatSync(path.join(from, link)).isSymbolicLink()) symlinkSync(readlinkSync(path.join(from, link)), path.join(targetModules, entry, link));
      }
    } else if (!entry.startsWith('.')) {
      symlinkSync(from, path.join(targetModules, entry));
    }
  }
  // Packages whose dependencies npm could not hoist have their own node_modules.
  for (const project of projectFolders(source)) {
    const nested = path.join(source, project, 'node_modules');
    if (existsSync(nested) && existsSync(path.join(target, project))) symlinkSync(nested, path.join(target, project, 'node_modules'));
  }
}

export class ScratchWorkspace {
  readonly env = isolatedEnvironment();

  private constructor(readonly root: string) {}

  static copy(source: string, target: string): ScratchWorkspace {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: source, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      const from = path.join(source, file);
      // Deleted in the working tree but still in the index.
      if (!existsSync(from)) continue;
      cpSync(from, path.join(target, file), { preserveTimestamps: true });
    }
    for (const project of projectFolders(source)) {
      for (const output of BUILD_OUTPUTS) {
        const from = path.join(source, project, output);
        if (existsSync(from) && existsSync(path.join(target, project))) cpSync(from, path.join(target, project, output), { recursive: true, preserveTimestamps: true });
      }
    }
    linkNodeModules(source, target);
    return new ScratchWorkspace(target);
  }

  run(command: string, args: readonly string[], options: { cwd?: string; allowFailure?: boolean } = {}): Promise<CommandResult> {
    return runCommand(command, args, { cwd: options.cwd ?? this.root, env: this.env, allowFailure: options.allowFailure });
  }

  nx(args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<CommandResult> {
    return this.run('npx', ['nx', ...args], options);
  }
}
