// Runs a module: reads SERIALIZED_ARGS, builds the module with its configurator, connects its
// EnclaveContext to the API container, and serves ExecutableModuleService — under both its
// current and its pre-December-2021 name — until SIGTERM or SIGINT.
import { Server } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { EnclaveContext } from '@kurtosis-ts/engine-client';
import { bindInsecure, legacyModuleApi, moduleApi } from '@kurtosis-ts/protos';
import pino from 'pino';
import type { Logger } from 'pino';
import { executeErrorStatus } from './execute-error';
import type { ExecutableKurtosisModule, KurtosisModuleConfigurator } from './executable-kurtosis-module';
import { loadParamsSchema, parseParams } from './module-params';
import { parseSerializedArgs } from './serialized-args';

export interface RunningModule {
  port: number;
  /** Stops serving, letting calls in flight finish for up to `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export class KurtosisModuleExecutor {
  constructor(
    private readonly configurator: KurtosisModuleConfigurator,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Starts serving and returns; `runUntilSignal` is what a module's main calls. */
  async start(): Promise<RunningModule> {
    const args = parseSerializedArgs(this.env);
    const { logLevel } = parseParams(loadParamsSchema.passthrough(), args.serializedCustomParams, 'load params');
    const log = pino({ name: 'kurtosis-module', level: logLevel, base: { enclaveId: args.enclaveId } });
    const module = await this.configurator.parseParamsAndCreateExecutableModule(args.serializedCustomParams);
    const enclaveContext = EnclaveContext.connect(args.enclaveId, args.apiContainerSocket);

    const implementation = {
      isAvailable: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => callback(null, {}),
      execute: (call: ServerUnaryCall<moduleApi.ExecuteArgs, moduleApi.ExecuteResponse>, callback: sendUnaryData<moduleApi.ExecuteResponse>) => {
        const started = Date.now();
        log.debug({ params: call.request.paramsJson }, 'execute');
        // A throw, synchronous or not, becomes an answer: the call never hangs.
        Promise.resolve()
          .then(() => module.execute(enclaveContext, call.request.paramsJson))
          .then(
            (result) => {
              log.info({ ms: Date.now() - started }, 'execute succeeded');
              callback(null, { responseJson: result });
            },
            (err: unknown) => {
              const answer = executeErrorStatus(err);
              log.warn({ code: answer.code, err }, `execute failed: ${answer.details}`);
              callback(answer, null);
            },
          );
      },
    };
    const server = new Server();
    server.addService(moduleApi.ExecutableModuleServiceService, implementation);
    server.addService(legacyModuleApi.ExecutableModuleServiceService, implementation);
    const port = await bindInsecure(server, args.listenPortNum);
    log.info({ port }, 'module serving');
    return {
      port,
      stop: (graceMs = 5_000) => stopServer(server, enclaveContext, log, graceMs, module),
    };
  }

  /** Serves until SIGTERM or SIGINT, then shuts down gracefully; exits 1 with a clear message if it cannot start. */
  async runUntilSignal(): Promise<void> {
    let running: RunningModule;
    try {
      running = await this.start();
    } catch (err) {
      console.error(`The module could not start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
    await new Promise<void>((resolve) => {
      const onSignal = () => resolve();
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    });
    await running.stop();
    process.exit(0);
  }
}

async function stopServer(server: Server, enclaveContext: EnclaveContext, log: Logger, graceMs: number, module: ExecutableKurtosisModule): Promise<void> {
  log.info('shutting down');
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
  if (module.shutdown) {
    // Bounded: a module that cannot finish its cleanup must not keep the container from stopping.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(() => resolve(log.warn({ graceMs }, 'module shutdown timed out')), graceMs)));
    await Promise.race([module.shutdown(enclaveContext).catch((err: unknown) => log.warn({ err }, 'module shutdown failed')), timedOut]);
    clearTimeout(timer);
  }
  enclaveContext.close();
}
