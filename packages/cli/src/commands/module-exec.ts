// `kurtosis module exec IMAGE`: a new enclave, the module loaded into it, executed once; its logs on
// stderr between banners, its result alone on stdout. On failure the enclave stays for inspection.
import type { Command } from 'commander';
import { KurtosisError } from '@kurtosis-ts/engine-client';
import { CliFailure } from '../cli-errors';
import { enclaveIdFromImage, imageBaseName } from '../enclave-id-from-image';
import type { ObjectRef } from '@kurtosis-ts/container-backend';
import { enclaveIdArg } from '../cli-ids';
import { backend, connectToEngine } from '../engine-lifecycle';
import { readJsonParam } from '../json-param';
import { info, withProgress } from '../output';

interface ModuleExecOptions {
  loadParams: string;
  executeParams: string;
  enclaveId?: string;
  withPartitioning: boolean;
  apiContainerVersion?: string;
  logLevel: string;
  timings: boolean;
}

const BANNER_START = '============================== MODULE LOGS ==============================';
const BANNER_END = '============================ END MODULE LOGS ============================';

export function addModuleExecCommand(module: Command, run: (work: () => Promise<void>) => Promise<void>): void {
  module
    .command('exec <image>')
    .description('Create an enclave, load the module IMAGE into it, execute it once and print its result')
    .option('--load-params <json|@file>', 'load params of the module (JSON, or @file.json)', '{}')
    .option('--execute-params <json|@file>', 'params of its execute (JSON, or @file.json)', '{}')
    .option('--enclave-id <id>', 'ID of the new enclave (default: from the image name, plus a timestamp)')
    .option('--with-partitioning', 'create the enclave with network partitioning', false)
    .option('--api-container-version <tag>', 'version of the API container image (default: the engine’s)')
    .option('-l, --log-level <level>', 'log level of the API container', 'info')
    .option('--timings', 'print how long each phase took (stderr, JSON)', false)
    .action((image: string, options: ModuleExecOptions) => run(() => moduleExec(image, options)));
}

async function moduleExec(image: string, options: ModuleExecOptions): Promise<void> {
  // Checked before anything is created.
  const loadParams = readJsonParam('--load-params', options.loadParams);
  const executeParams = readJsonParam('--execute-params', options.executeParams);
  const enclaveId = options.enclaveId ?? enclaveIdFromImage(image);
  const moduleId = imageBaseName(image) || 'module';

  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const endPhase = (name: string) => {
    const now = Date.now();
    phases[name] = now - phaseStart;
    phaseStart = now;
  };

  const kurtosis = await connectToEngine();
  endPhase('engine');
  const enclave = await withProgress(`Creating enclave ${enclaveId}`, () =>
    kurtosis.createEnclave(enclaveId, options.withPartitioning, {
      apiContainerLogLevel: options.logLevel,
      apiContainerVersionTag: options.apiContainerVersion ?? '',
    }),
  );
  let printedLogs = '';
  let follower: Awaited<ReturnType<typeof backend.followOutput>> | undefined;
  let moduleProcess: ObjectRef | undefined;
  try {
    endPhase('enclaveCreate');
    const module = await withProgress(`Loading module ${image}`, () => enclave.loadModule(moduleId, image, loadParams));
    endPhase('moduleLoad');
    const loaded = (await backend.getModules(enclaveIdArg(enclaveId))).find((m) => m.moduleId === moduleId);
    moduleProcess = loaded ? { kind: 'module', enclaveId: loaded.enclaveId, guid: loaded.guid } : undefined;
    info(BANNER_START);
    if (moduleProcess) {
      follower = await backend.followOutput(moduleProcess, (text) => {
        printedLogs += text;
        process.stderr.write(text);
      });
    }
    const result = await module.execute(executeParams);
    endPhase('execute');
    await finishLogs();
    process.stdout.write(`${result}\n`);
    endPhase('output');
    if (options.timings) info(`timings ${JSON.stringify(phases)}`);
    info(`Enclave ${enclaveId} is still running; remove it with: kurtosis enclave rm -f ${enclaveId}`);
  } catch (err) {
    await finishLogs().catch(() => undefined);
    const reason = err instanceof KurtosisError ? err.message : (err as Error).message;
    throw new CliFailure(
      `${reason}\nThe enclave ${enclaveId} was left for inspection: kurtosis enclave inspect ${enclaveId}\n` +
        `Remove it with: kurtosis enclave rm -f ${enclaveId}`,
    );
  } finally {
    enclave.close();
    kurtosis.close();
  }

  /** Stops following and prints whatever the module wrote that the stream had not delivered yet. */
  async function finishLogs(): Promise<void> {
    if (!follower) return;
    follower.stop();
    follower = undefined;
    const all = moduleProcess ? await backend.getLastLogLines(moduleProcess, 100_000) : '';
    const rest = all.startsWith(printedLogs.trimEnd()) ? all.slice(printedLogs.trimEnd().length) : '';
    if (rest.trim()) process.stderr.write(`${rest.replace(/^\n/, '')}\n`);
    info(BANNER_END);
  }
}
