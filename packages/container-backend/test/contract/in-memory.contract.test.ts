// The contract suite against the in-memory backend: the fake answers as Docker does.
import { InMemoryKurtosisBackend } from '../../src/testing';
import type { ExecResult } from '../../src';
import { describeBackendContract } from './backend-contract';

const PRINT = 'contract-print';

/** The few commands the contract runs, as a shell in a container would answer them. */
function emulate(argv: string[], stdin?: string): ExecResult {
  if (argv[0] === 'echo') return { exitCode: 0, output: `${argv.slice(1).join(' ')}\n` };
  if (argv[0] === 'cat') return { exitCode: 0, output: stdin ?? '' };
  const exit = argv[0] === 'sh' && /^exit (\d+)$/.exec(argv[2] ?? '');
  if (exit) return { exitCode: Number(exit[1]), output: '' };
  return { exitCode: 127, output: `${argv[0]}: not found\n` };
}

describeBackendContract(
  'in memory',
  async () => {
    const backend: InMemoryKurtosisBackend = new InMemoryKurtosisBackend({
      missingImages: ['no-such/image:never'],
      exec: (_ref, argv, stdin) => emulate(argv, stdin),
      // `cat` as a session: what is written comes back.
      sessions: () => (input, reply) => reply(input),
      onStart: (process) => {
        if (process.spec.cmd[0] === PRINT) backend.writeOutput(process.ref, `${process.spec.cmd[1]}\n`);
      },
    });
    let outside = 0;
    return {
      backend,
      runningImage: 'runs-until-stopped',
      missingImage: 'no-such/image:never',
      printing: (line) => ({ entrypoint: [], cmd: [PRINT, line] }),
      startOutsideContainer: async (enclaveId, ip) => backend.addExternalContainer({ name: `outside-${++outside}`, enclaveId, ip }).name,
      cleanUp: async () => undefined,
    };
  },
  'contract',
);
