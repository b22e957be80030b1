// When the CLI may draw: spinners only on a real terminal that says how wide it is (a 0-column
// pseudo-terminal made ora's clear loop spin forever), never under CI; colour only on a terminal and
// never under NO_COLOR (https://no-color.org) or TERM=dumb. Pure.
export interface StreamFacts {
  isTTY: boolean;
  /** What the terminal reports; 0 or undefined when it does not know its width. */
  columns: number | undefined;
}

export interface TerminalSettings {
  spinner: boolean;
  color: boolean;
}

const isSet = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

export function terminalSettings(stream: StreamFacts, env: NodeJS.ProcessEnv): TerminalSettings {
  const terminal = stream.isTTY && env['TERM'] !== 'dumb';
  return {
    spinner: terminal && !isSet(env['CI']) && (stream.columns ?? 0) > 0,
    color: terminal && !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== ''),
  };
}

export function streamFacts(stream: NodeJS.WriteStream): StreamFacts {
  return { isTTY: Boolean(stream.isTTY), columns: stream.isTTY ? stream.columns : undefined };
}
