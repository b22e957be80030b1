// `kurtosis completion bash|zsh|fish` prints the shell's completion script; the hidden
// `kurtosis __complete WORDS…` answers it, one candidate a line (enclave and service IDs from the
// engine when it answers; nothing but the static candidates when it does not).
import type { Command } from 'commander';
import { Argument } from 'commander';
import type { Cli } from '../cli-context';
import { completionCandidates } from '../completion/completion-candidates';
import type { Lookup } from '../completion/completion-candidates';
import { completionScript, SHELLS } from '../completion/completion-scripts';
import type { Shell } from '../completion/completion-scripts';
import { withEnclave, withEngine } from '../engine/connection';
import { commandOf, examples, verb } from '../program-parts';
import type { Run } from '../program-parts';

async function lookUp(cli: Cli, lookup: Lookup): Promise<string[]> {
  if (!lookup) return [];
  try {
    if (lookup.kind === 'enclave') return await withEngine(cli, async (k) => [...(await k.getEnclaves())]);
    return await withEnclave(cli, lookup.enclaveId, async (e) => [...(await e.getServices())]);
  } catch {
    return [];
  }
}

export function addCompletion(program: Command, run: Run): void {
  const command = verb(program, 'completion', 'Print the shell completion script (bash, zsh or fish)').addArgument(new Argument('<shell>', 'the shell').choices(SHELLS));
  examples(command, ['source <(kurtosis completion bash)    # in ~/.bashrc', 'source <(kurtosis completion zsh)     # in ~/.zshrc', 'kurtosis completion fish > ~/.config/fish/completions/kurtosis.fish']);
  command.action((shell: Shell, ...rest: unknown[]) => run(commandOf(rest), async (cli) => cli.write(completionScript(shell))));

  program
    .command('__complete [words...]', { hidden: true })
    .allowUnknownOption()
    .helpOption(false)
    .action((...args: unknown[]) =>
      run(commandOf(args), async (cli) => {
        // The raw words: the shell's, options and `--` included, which the parser would have taken.
        const words = process.argv.slice(process.argv.indexOf('__complete') + 1);
        const found = completionCandidates(program, words.length > 0 ? words : ['']);
        const ids = (await lookUp(cli, found.lookup)).filter((id) => id.startsWith(found.prefix)).sort();
        for (const candidate of [...found.candidates, ...ids]) cli.write(`${candidate}\n`);
      }),
    );
}
