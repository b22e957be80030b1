// The command tree: every verb has a description and examples, and the 2021 flags still parse.
import type { Command } from 'commander';
import { createProgram } from './program';

function leaves(command: Command): Command[] {
  return command.commands.length === 0 ? [command] : command.commands.flatMap(leaves);
}

const fullName = (c: Command): string => (c.parent ? `${fullName(c.parent)} ${c.name()}` : c.name());

describe('the kurtosis command tree', () => {
  const program = createProgram(async () => undefined);
  const visibleLeaves = leaves(program).filter((c) => !c.name().startsWith('__'));

  it.each(visibleLeaves.map((c) => [fullName(c), c]))('%s has a description and examples in its help', (_name, command) => {
    const help = (command as Command).helpInformation() + ((command as Command) as unknown as { _afterHelp?: string })._afterHelp;
    expect((command as Command).description()).not.toBe('');
    let after = '';
    (command as Command).configureOutput({ writeOut: (s) => (after += s), writeErr: (s) => (after += s) });
    (command as Command).outputHelp();
    expect(after).toContain('Examples:');
    expect(after).toContain('$ kurtosis');
    void help;
  });

  it('gives every command that prints data -o/--output, --json and --no-headers', () => {
    for (const name of ['enclave ls', 'enclave inspect', 'enclave new', 'service ls', 'service add', 'module ls', 'engine status', 'clean', 'version']) {
      const command = visibleLeaves.find((c) => fullName(c) === `kurtosis ${name}`) as Command;
      expect(command.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--output', '--json', '--no-headers']));
    }
  });

  it('keeps the 2021 CLI flags as aliases', () => {
    const exec = visibleLeaves.find((c) => fullName(c) === 'kurtosis module exec') as Command;
    const enclaveNew = visibleLeaves.find((c) => fullName(c) === 'kurtosis enclave new') as Command;
    expect(exec.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--kurtosis-log-level', '--api-container-version', '--with-partitioning']));
    expect(enclaveNew.options.map((o) => o.short)).toEqual(expect.arrayContaining(['-p', '-a']));
  });
});
