// The contract suite against the Docker backend, with base images only: a small image built here
// from debian:bookworm-slim (sh, cat, tar; runs until SIGTERM and then exits 0) stands in for every
// project image. Removes every container, network, volume and image it made.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { DockerKurtosisBackend } from '../../src';
import { describeBackendContract } from './backend-contract';
import { ScriptRegistry } from './registry-fixture';

const RUNNING_IMAGE = `kurtosis-ts-contract/running:${process.pid}`;
const TEST_LABEL = 'com.kurtosistech.test=backend-contract';
/** Runs until SIGTERM, then exits 0: `sleep` in the background so the trap fires at once. */
const UNTIL_STOPPED = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

const PULLABLE_IMAGE = `kurtosis-ts-contract/pullable:${process.pid}`;
const LOGIN = { username: 'contract', password: `pw-${process.pid}` };

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();

describeBackendContract(
  'Docker',
  async () => {
    const dockerfile = `FROM debian:bookworm-slim\nLABEL ${TEST_LABEL}\nENTRYPOINT ["sh", "-c", ${JSON.stringify(UNTIL_STOPPED)}]\n`;
    execFileSync('docker', ['build', '-q', '-t', RUNNING_IMAGE, '-'], { input: dockerfile, stdio: ['pipe', 'ignore', 'inherit'] });
    // A layer no image on this host has, so a pull downloads it.
    execFileSync('docker', ['build', '-q', '-t', PULLABLE_IMAGE, '-'], { input: `FROM ${RUNNING_IMAGE}\nRUN head -c 300000 /dev/urandom > /pull-me\n`, stdio: ['pipe', 'ignore', 'inherit'] });
    const open = ScriptRegistry.start(await freePort());
    const withLogin = ScriptRegistry.start(await freePort(), LOGIN);
    const image = open.push(PULLABLE_IMAGE, `kurtosis-ts-contract/pullable:${process.pid}`);
    const loginImage = withLogin.push(PULLABLE_IMAGE, `kurtosis-ts-contract/pullable:${process.pid}`);
    docker('image', 'rm', PULLABLE_IMAGE);
    const outside: string[] = [];
    return {
      registry: {
        image,
        missingTag: `${open.host}/kurtosis-ts-contract/pullable:no-such-tag`,
        loginImage,
        login: LOGIN,
        unreachableImage: `127.0.0.1:${await freePort()}/kurtosis-ts-contract/pullable:1`,
        removeLocal: async (pulled) => {
          execFileSync('docker', ['image', 'rm', '-f', pulled], { stdio: 'ignore' });
        },
        republish: async (reference) => {
          // Another layer of its own under the same tag; the local build goes again after the push.
          const moved = `${PULLABLE_IMAGE}-moved`;
          execFileSync('docker', ['build', '-q', '-t', moved, '-'], { input: `FROM ${RUNNING_IMAGE}\nRUN head -c 200000 /dev/urandom > /pull-me-too\n`, stdio: ['pipe', 'ignore', 'inherit'] });
          try {
            open.push(moved, reference.slice(open.host.length + 1));
          } finally {
            docker('image', 'rm', moved);
          }
        },
      },
      backend: new DockerKurtosisBackend({ networkingSidecarImage: RUNNING_IMAGE, filesArtifactExpanderImage: RUNNING_IMAGE }),
      runningImage: RUNNING_IMAGE,
      missingImage: `kurtosis-ts-contract/no-such-image:${process.pid}`,
      printing: (line) => ({ entrypoint: ['sh', '-c'], cmd: [`echo ${line}; ${UNTIL_STOPPED}`] }),
      printingApart: (stdout, stderr) => ({ entrypoint: ['sh', '-c'], cmd: [`${stdout.map((l) => `echo ${l}; `).join('')}echo ${stderr} >&2; ${UNTIL_STOPPED}`] }),
      startOutsideContainer: async (enclaveId, ip) => {
        const name = `kurtosis-ts-contract-outside-${process.pid}-${outside.length}`;
        outside.push(name);
        docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--network', enclaveId, '--ip', ip, RUNNING_IMAGE);
        return name;
      },
      cleanUp: async () => {
        for (const name of outside) docker('rm', '-f', name);
        open.stop();
        withLogin.stop();
        docker('image', 'rm', '-f', RUNNING_IMAGE);
      },
    };
  },
  `contract-${process.pid}`,
);
