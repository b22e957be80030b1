// What every command works with: the global options (engine address, --debug), where output goes and
// how it may be drawn, and the interrupt handling. One per run, made from the parsed command line.
import type { Command } from 'commander';
import { engineAddress } from './engine/engine-address';
import type { EngineAddress } from './engine/engine-address';
import { Interrupts } from './interrupts';
import { layout } from './output/output-format';
import type { Layout, OutputFlags } from './output/output-format';
import { streamFacts, terminalSettings } from './output/terminal';
import type { TerminalSettings } from './output/terminal';

export interface GlobalOptions {
  engine?: string;
  debug?: boolean;
}

export class Cli {
  readonly engine: EngineAddress;
  /** How stderr (progress, messages) may be drawn. */
  readonly stderrTerminal: TerminalSettings;
  /** How stdout (data, logs) may be drawn. */
  readonly stdoutTerminal: TerminalSettings;

  constructor(
    readonly globals: GlobalOptions,
    readonly interrupts: Interrupts,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.engine = engineAddress(globals.engine, env);
    this.stderrTerminal = terminalSettings(streamFacts(process.stderr), env);
    this.stdoutTerminal = terminalSettings(streamFacts(process.stdout), env);
  }

  static of(command: Command, interrupts: Interrupts): Cli {
    return new Cli(command.optsWithGlobals<GlobalOptions>(), interrupts);
  }

  /** A line for the person at the terminal: stderr. */
  info(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  layout(flags: OutputFlags): Layout {
    return layout(flags, Boolean(process.stdout.isTTY));
  }

  write(text: string): void {
    process.stdout.write(text);
  }
}
