// `kurtosis module exec IMAGE`: the image pulled when missing (per-layer progress on stderr, through
// the container backend, credentials from Docker's config), then a new enclave, the module loaded into it, executed once; its logs on
// stderr between banners (readable lines on a terminal, pino's JSON when piped), its result alone on
// stdout. The enclave stays after success — the environment the module built is the point — and is
// removed after a failure or an interrupt unless --keep-enclave (always keep) or
// --keep-enclave-on-failure (keep it to debug a failure) says otherwise; its name is always printed.
import { Option } from 'commander';
import type { Command } from 'commander';
import { PULL_POLICIES } from '@kurtosis-ts/container-backend';
import type { PullPolicy } from '@kurtosis-ts/container-backend';
import type { EnclaveContext, KurtosisContext, LogLine } from '@kurtosis-ts/engine-client';
import type { Cli } from '../../cli-context';
import { connectToEngine } from '../../engine/connection';
import { Interrupted } from '../../errors/cli-errors';
import { enclaveIdFromImage, imageBaseName } from '../../enclave-id-from-image';
import { readablePinoLine } from '../../format/log-lines';
import { checkImageReference, startPull } from '../../images/image-pull';
import { readJsonParam } from '../../json-param';
import { withProgress } from '../../output/progress';
import { operatorBackend } from '../../platform';
import { commandOf, examples, verb } from '../../program-parts';
import type { Run } from '../../program-parts';

interface ModuleExecOptions {
  loadParams: string;
  executeParams: string;
  enclaveId?: string;
  withPartitioning: boolean;
  apiContainerVersion?: string;
  logLevel: string;
  kurtosisLogLevel?: string;
  keepEnclave: boolean;
  keepEnclaveOnFailure: boolean;
  timings: boolean;
  pull: PullPolicy;
}

export const BANNER_START = '============================== MODULE LOGS ==============================';
export const BANNER_END = '============================ END MODULE LOGS ============================';

export function addModuleExec(module: Command, run: Run): void {
  const command = verb(module, 'exec <image>', 'Create an enclave, load the module IMAGE into it, execute it once and print its result')
    .option('--load-params <json|@file|@->', 'load params of the module (JSON, @file.json, or @- for stdin)', '{}')
    .option('--execute-params <json|@file|@->', 'params of its execute (JSON, @file.json, or @- for stdin)', '{}')
    .option('--enclave-id <id>', 'ID of the new enclave (default: from the image name, plus a timestamp)')
    .option('-p, --with-partitioning', 'create the enclave with network partitioning', false)
    .option('-a, --api-container-version <tag>', 'version of the API container image (default: the engine’s)')
    .option('-l, --log-level <level>', 'log level of the API container', 'info')
    .addOption(new Option('--kurtosis-log-level <level>', 'the 2021 name of --log-level').hideHelp())
    .option('--keep-enclave', 'keep the enclave whatever happens (also after a failure or Ctrl-C)', false)
    .option('--keep-enclave-on-failure', 'keep the enclave when loading or executing fails, to debug it', false)
    .addOption(new Option('--pull <policy>', 'when to pull the module image: missing (as docker run), always (as docker pull: a moved tag is fetched), never').choices(PULL_POLICIES).default('missing'))
    .option('--timings', 'print how long each phase took (stderr, JSON)', false);
  examples(command, [
    `kurtosis module exec kurtosis-ts/datastore-army-module --execute-params '{"numDatastores":3}'`,
    'kurtosis module exec my/module:1 --execute-params @params.json --enclave-id my-test',
    `echo '{"numDatastores":2}' | kurtosis module exec kurtosis-ts/datastore-army-module --execute-params @-`,
    'kurtosis module exec my/module:1 --keep-enclave-on-failure',
    `kurtosis module exec 127.0.0.1:5000/kurtosis-ts/datastore-army-module:0.1.0 --execute-params '{"numDatastores":2}'   # pulled when missing`,
    'kurtosis module exec 127.0.0.1:5000/team/my-module:latest --pull always   # the registry asked, a moved tag fetched',
  ]);
  command.action((image: string, ...rest: unknown[]) => run(commandOf(rest), (cli) => moduleExec(cli, image, rest[0] as ModuleExecOptions)));
}

async function moduleExec(cli: Cli, image: string, options: ModuleExecOptions): Promise<void> {
  // Checked before anything is created.
  const loadParams = readJsonParam('--load-params', options.loadParams);
  const executeParams = readJsonParam('--execute-params', options.executeParams);
  const enclaveId = options.enclaveId ?? enclaveIdFromImage(image);
  const moduleId = imageBaseName(image) || 'module';
  const rmHint = `kurtosis enclave rm -f ${enclaveId}`;

  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const endPhase = (name: string) => {
    const now = Date.now();
    phases[name] = now - phaseStart;
    phaseStart = now;
  };

  // A malformed reference is refused before anything is asked; a missing image is pulled (progress
  // on stderr), and no enclave is created before the registry has answered with its layers — an
  // unknown tag, refused credentials or a registry that is down leave nothing behind. Downloading and
  // extracting the layers then overlaps with creating the enclave.
  checkImageReference('Module image', image);
  const modulePull = startModulePull(cli, image, options.pull);
  await modulePull.accepted;
  endPhase('pullStart');
  const kurtosis = await connectToEngine(cli, { autoStart: true });
  endPhase('engine');
  // From here on an interrupt removes the enclave (once its create has settled) unless kept.
  const creating = kurtosis.createEnclave(enclaveId, options.withPartitioning, {
    apiContainerLogLevel: options.kurtosisLogLevel ?? options.logLevel,
    apiContainerVersionTag: options.apiContainerVersion ?? '',
  });
  const removeOnInterrupt = options.keepEnclave
    ? cli.interrupts.addCleanup({ doing: `keeping enclave ${enclaveId}`, leftBehind: `enclave ${enclaveId} (${rmHint})`, run: async () => `Enclave ${enclaveId} was kept (--keep-enclave); remove it with: ${rmHint}` })
    : cli.interrupts.addCleanup({
        doing: `removing enclave ${enclaveId}`,
        leftBehind: `enclave ${enclaveId} (remove it with: ${rmHint})`,
        run: async () => {
          const created = await creating.then(
            () => true,
            () => false,
          );
          if (!created) return `Enclave ${enclaveId} was not created`;
          await kurtosis.destroyEnclave(enclaveId);
          return `Removed enclave ${enclaveId}`;
        },
      });
  let enclave: EnclaveContext | undefined;
  const logs = new ModuleLogs(cli);
  try {
    // On a terminal the layers' bars are redrawn in place: the enclave's spinner waits for them.
    if (cli.stderrTerminal.spinner) await modulePull.done;
    enclave = await withProgress(cli, `Creating enclave ${enclaveId}`, () => creating);
    endPhase('enclaveCreate');
    await modulePull.done;
    endPhase('pullRest');
    // Once interrupted, nothing more is asked of the enclave the cleanup is removing.
    stopIfInterrupted(cli);
    const module = await withProgress(cli, `Loading module ${image}`, () => (enclave as EnclaveContext).loadModule(moduleId, image, loadParams));
    endPhase('moduleLoad');
    stopIfInterrupted(cli);
    cli.info(BANNER_START);
    logs.follow(enclave, moduleId);
    const result = await module.execute(executeParams);
    endPhase('execute');
    await logs.finish();
    cli.info(BANNER_END);
    cli.write(`${result}\n`);
    endPhase('output');
    removeOnInterrupt();
    if (options.timings) cli.info(`timings ${JSON.stringify(phases)}`);
    cli.info(`Enclave ${enclaveId} is still running; remove it with: ${rmHint}`);
  } catch (err) {
    if (cli.interrupts.signal.aborted) throw err;
    removeOnInterrupt();
    if (logs.started) {
      await logs.finish().catch(() => undefined);
      cli.info(BANNER_END);
    }
    await afterFailure(cli, kurtosis, enclaveId, creating, options);
    throw err;
  } finally {
    enclave?.close();
    if (!cli.interrupts.signal.aborted) kurtosis.close();
  }
}

/**
 * The module image through this machine's container platform, which runs the engine the CLI talks to
 * (a loopback address). An engine elsewhere pulls for itself, without progress here.
 */
function startModulePull(cli: Cli, image: string, policy: PullPolicy): { accepted: Promise<void>; done: Promise<unknown> } {
  const onThisMachine = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(cli.engine.address);
  if (!onThisMachine) return { accepted: Promise.resolve(), done: Promise.resolve(undefined) };
  let told = false;
  const elsewhere = (err: unknown): undefined => {
    // No platform here to ask (the engine runs elsewhere behind a loopback port): its API container pulls.
    if (!/the Docker engine cannot be reached/.test((err as Error).message)) throw err;
    if (!told) cli.info(`The container platform cannot be reached from here; the enclave's API container pulls ${image} itself`);
    told = true;
    return undefined;
  };
  const pull = startPull(cli, operatorBackend(), image, policy);
  const done = pull.done.catch(elsewhere);
  // Awaited once the enclave exists: a failure meanwhile is not an unhandled rejection.
  done.catch(() => undefined);
  return { accepted: pull.accepted.catch(elsewhere), done };
}

function stopIfInterrupted(cli: Cli): void {
  if (cli.interrupts.signal.aborted) throw new Interrupted('signal');
}

/** After a failure: the enclave goes unless the user keeps it; either way they are told. */
async function afterFailure(cli: Cli, kurtosis: KurtosisContext, enclaveId: string, creating: Promise<unknown>, options: ModuleExecOptions): Promise<void> {
  const created = await creating.then(
    () => true,
    () => false,
  );
  if (!created) return;
  const rmHint = `kurtosis enclave rm -f ${enclaveId}`;
  if (options.keepEnclave || options.keepEnclaveOnFailure) {
    cli.info(`Enclave ${enclaveId} was kept for inspection: kurtosis enclave inspect ${enclaveId}; remove it with: ${rmHint}`);
    return;
  }
  try {
    await kurtosis.destroyEnclave(enclaveId);
    cli.info(`Removed enclave ${enclaveId} (keep it next time with --keep-enclave-on-failure)`);
  } catch (err) {
    cli.info(`Could not remove enclave ${enclaveId} (${(err as Error).message}); remove it with: ${rmHint}`);
  }
}

/** The module's output while it executes, then whatever the stream had not delivered yet. */
class ModuleLogs {
  private readonly printed = { stdout: 0, stderr: 0 };
  private enclave: EnclaveContext | undefined;
  private moduleId = '';
  private readonly abort = new AbortController();
  private following: Promise<void> | undefined;

  constructor(private readonly cli: Cli) {}

  get started(): boolean {
    return this.following !== undefined;
  }

  follow(enclave: EnclaveContext, moduleId: string): void {
    this.enclave = enclave;
    this.moduleId = moduleId;
    this.following = enclave.streamLogs({ moduleIds: [moduleId], follow: true }, (line) => this.print(line), this.abort.signal).catch(() => undefined);
  }

  private print(line: LogLine): void {
    this.printed[line.stream] += 1;
    const { color } = this.cli.stderrTerminal;
    // Readable on a terminal, the JSON itself when piped (for tools that read it).
    process.stderr.write(`${process.stderr.isTTY ? readablePinoLine(line.line, { color }) : line.line}\n`);
  }

  async finish(): Promise<void> {
    if (!this.enclave || !this.following) return;
    this.abort.abort();
    await this.following;
    // Lines written just before the answer may not have come through the follow yet.
    const seen = { ...this.printed };
    const all: LogLine[] = [];
    await this.enclave.streamLogs({ moduleIds: [this.moduleId] }, (line) => all.push(line));
    const counted = { stdout: 0, stderr: 0 };
    for (const line of all) {
      counted[line.stream] += 1;
      if (counted[line.stream] > seen[line.stream]) this.print(line);
    }
  }
}
