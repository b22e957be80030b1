// What the shell completion offers, read off the command tree itself (as cobra's `__complete` does
// for docker and kubectl): subcommands, options, and for an argument naming an enclave or a service
// the IDs the engine knows (looked up by the caller). Pure.
import type { Command, Option } from 'commander';

export type Lookup = { kind: 'enclave' } | { kind: 'service'; enclaveId: string } | undefined;

export interface Completion {
  candidates: string[];
  /** IDs to ask the engine for, filtered by the same prefix. */
  lookup: Lookup;
  prefix: string;
}

const visible = (command: Command) => !(command as unknown as { _hidden?: boolean })._hidden;
const optionNames = (command: Command) =>
  (command.options as readonly Option[]).filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((n): n is string => Boolean(n)));
const takesValue = (command: Command, word: string) => (command.options as readonly Option[]).some((o) => (o.long === word || o.short === word) && (o.required || o.optional));

/** `words` are what follows `kurtosis` on the command line, the last one being completed ("" for a new word). */
export function completionCandidates(root: Command, words: readonly string[]): Completion {
  const prefix = words.length > 0 ? words[words.length - 1] : '';
  let command = root;
  const positionals: string[] = [];
  const done = words.slice(0, -1);
  for (let i = 0; i < done.length; i += 1) {
    const word = done[i];
    if (word === '--') break;
    if (word.startsWith('-')) {
      if (!word.includes('=') && takesValue(command, word)) i += 1;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positionals.length === 0) command = sub;
    else positionals.push(word);
  }
  const matching = (names: string[]) => names.filter((n) => n.startsWith(prefix)).sort();
  if (prefix.startsWith('-')) return { candidates: matching(optionNames(command)), lookup: undefined, prefix };
  if (command.commands.length > 0) return { candidates: matching(command.commands.filter(visible).map((c) => c.name())), lookup: undefined, prefix };
  const args = command.registeredArguments;
  const argument = args[Math.min(positionals.length, args.length - 1)];
  const name = argument?.name() ?? '';
  const variadicIndex = args.length > 0 && positionals.length >= args.length && args[args.length - 1].variadic;
  if (!argument || (positionals.length >= args.length && !variadicIndex)) return { candidates: [], lookup: undefined, prefix };
  if (name.startsWith('enclave-id')) return { candidates: [], lookup: { kind: 'enclave' }, prefix };
  if (name.startsWith('service-id') && positionals.length > 0) return { candidates: [], lookup: { kind: 'service', enclaveId: positionals[0] }, prefix };
  return { candidates: [], lookup: undefined, prefix };
}
