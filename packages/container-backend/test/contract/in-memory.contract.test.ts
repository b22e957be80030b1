// The contract suite against the in-memory backend: the fake answers as Docker does.
import { InMemoryKurtosisBackend } from '../../src/testing';
import type { MemoryExecAnswer } from '../../src/testing';
import { describeBackendContract } from './backend-contract';

const PRINT = 'contract-print';
const LOGIN = { username: 'contract', password: 'in-memory' };
const PRINT_APART = 'contract-print-apart';

/** `sh -c` of the few scripts the contract runs: `echo X`, `echo X >&2` and `exit N`, separated by ';'. */
function shell(script: string): MemoryExecAnswer {
  const answer = { exitCode: 0, stdout: '', stderr: '' };
  for (const command of script.split(';').map((c) => c.trim())) {
    const toStderr = /^echo (.*) >&2$/.exec(command);
    const echo = /^echo (.*)$/.exec(command);
    const exit = /^exit (\d+)$/.exec(command);
    if (toStderr) answer.stderr += `${toStderr[1]}\n`;
    else if (echo) answer.stdout += `${echo[1]}\n`;
    else if (exit) return { ...answer, exitCode: Number(exit[1]) };
  }
  return answer;
}

/** The few commands the contract runs, as a shell in a container would answer them. */
function emulate(argv: string[], stdin?: string): MemoryExecAnswer {
  if (argv[0] === 'echo') return { exitCode: 0, output: `${argv.slice(1).join(' ')}\n` };
  if (argv[0] === 'cat') return { exitCode: 0, output: stdin ?? '' };
  if (argv[0] === 'sh' && argv[1] === '-c') return shell(argv[2] ?? '');
  return { exitCode: 127, output: `${argv[0]}: not found\n` };
}

describeBackendContract(
  'in memory',
  async () => {
    const backend: InMemoryKurtosisBackend = new InMemoryKurtosisBackend({
      missingImages: ['no-such/image:never'],
      registry: {
        images: { '127.0.0.1:5000/contract/pullable:1': [1200, 34000], '127.0.0.1:5001/contract/pullable:1': [500], '127.0.0.1:5009/contract/pullable:1': [10] },
        logins: { '127.0.0.1:5001': LOGIN },
      },
      exec: (_ref, argv, stdin) => emulate(argv, stdin),
      // `cat` as a session: what is written comes back.
      sessions: () => (input, reply) => reply(input),
      onStart: (process) => {
        if (process.spec.cmd[0] === PRINT) backend.writeOutput(process.ref, `${process.spec.cmd[1]}\n`);
        if (process.spec.cmd[0] === PRINT_APART) {
          const [stdout, stderr] = JSON.parse(process.spec.cmd[1]) as [string[], string];
          for (const line of stdout) backend.writeOutput(process.ref, `${line}\n`);
          backend.writeOutput(process.ref, `${stderr}\n`, 'stderr');
        }
      },
    });
    // The registry that holds the unreachable image does not answer.
    backend.stopRegistry('127.0.0.1:5009');
    let outside = 0;
    return {
      backend,
      runningImage: 'runs-until-stopped',
      missingImage: 'no-such/image:never',
      printing: (line) => ({ entrypoint: [], cmd: [PRINT, line] }),
      printingApart: (stdout, stderr) => ({ entrypoint: [], cmd: [PRINT_APART, JSON.stringify([stdout, stderr])] }),
      registry: {
        image: '127.0.0.1:5000/contract/pullable:1',
        missingTag: '127.0.0.1:5000/contract/pullable:nope',
        loginImage: '127.0.0.1:5001/contract/pullable:1',
        login: LOGIN,
        unreachableImage: '127.0.0.1:5009/contract/pullable:1',
        removeLocal: async (image) => backend.removeImage(image),
        republish: async (image) => backend.republishImage(image, [1200, 34000, 777]),
      },
      startOutsideContainer: async (enclaveId, ip) => backend.addExternalContainer({ name: `outside-${++outside}`, enclaveId, ip }).name,
      cleanUp: async () => undefined,
    };
  },
  'contract',
);
