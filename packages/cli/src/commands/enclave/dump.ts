// `kurtosis enclave dump ID DIR`: the enclave's debugging material into a new (or empty) folder — the
// engine's description of it, and from its API container: its state, the overview (services, modules,
// topology), the network, the data directory listing, every container's description and output.
// An enclave without a running API container (stopped) is dumped from the platform: dump-from-platform.ts.
import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { trustedId } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import { engineApi } from '@kurtosis-ts/engine-client';
import { withEngine } from '../../engine/connection';
import { CliFailure, UsageError } from '../../errors/cli-errors';
import { withProgress } from '../../output/progress';
import { operatorBackend } from '../../platform';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';
import { enclaveJson } from './enclave-json';
import { dumpFromPlatform } from './dump-from-platform';

/** Refuses a folder that holds anything, or a path that is not a folder. */
function prepareFolder(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return void mkdirSync(dir, { recursive: true });
    if (code === 'ENOTDIR') throw new UsageError(`${dir} exists and is not a folder; give a new or empty folder`);
    throw err;
  }
  if (entries.length > 0) throw new UsageError(`${dir} is not empty (${entries.length} entries); give a new or empty folder, nothing is overwritten`);
}

/** A dump path from the server, kept inside `dir`. */
export function safeJoin(dir: string, relative: string): string {
  const target = path.resolve(dir, relative);
  if (!target.startsWith(`${path.resolve(dir)}${path.sep}`)) throw new CliFailure(`The API container sent a dump path outside the folder: ${JSON.stringify(relative.slice(0, 200))}`);
  return target;
}

export function addEnclaveDump(enclave: Command, run: Run): void {
  const command = verb(enclave, 'dump <enclave-id> <output-dir>', "Write an enclave's state, topology, network, data directory listing and every container's logs and description into a new folder");
  examples(command, ['kurtosis enclave dump my-enclave ./my-enclave-dump']);
  command.action((id: string, outputDir: string, ...rest: unknown[]) =>
    run(commandOf(rest), async (cli) => {
      prepareFolder(outputDir);
      const files = await withEngine(cli, async (kurtosis) => {
        const info = (await kurtosis.getEnclaveInfos()).get(id);
        if (!info) throw new CliFailure(`No enclave with ID '${id}' exists`);
        const served = info.apiContainerStatus === engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_RUNNING;
        const enclave = served ? await kurtosis.getEnclaveContext(id) : undefined;
        const open = new Map<string, WriteStream>();
        try {
          return await withProgress(
            cli,
            `Dumping enclave ${id} into ${outputDir}`,
            async () => {
              const writeFile = (relative: string, chunk: Buffer) => {
                let stream = open.get(relative);
                if (!stream) {
                  const target = safeJoin(outputDir, relative);
                  mkdirSync(path.dirname(target), { recursive: true });
                  stream = createWriteStream(target, { flags: 'wx' });
                  open.set(relative, stream);
                }
                stream.write(chunk);
              };
              writeFile('enclave.json', Buffer.from(`${JSON.stringify(enclaveJson(info), null, 2)}\n`));
              // Without a running API container nobody serves the view: the platform has the rest.
              if (enclave) await enclave.streamDump(writeFile);
              else await dumpFromPlatform(operatorBackend(), trustedId<EnclaveId>(id), writeFile);
              await Promise.all([...open.values()].map((s) => new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())))));
              return open.size;
            },
            { done: (n) => `Dumped ${n} files of enclave ${id} into ${outputDir}` },
          );
        } finally {
          enclave?.close();
        }
      });
      void files;
    }),
  );
}
