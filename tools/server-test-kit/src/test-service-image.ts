// A small HTTP service image, built from the node base image for the tests that need a service
// to start, reach, exec into and wait for. Removed again by `remove()`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export const TEST_SERVICE_PORT = 8080;

export const TEST_SERVICE_UDP_PORT = 9999;

// HTTP on 8080: GET /health → "ok"; GET /whoami → hostname; POST /echo → the body;
//   GET /udp-count → datagrams received so far on UDP 9999; GET /artifact.tgz → a gzipped tarball
//   of ARTIFACT_FILES; GET /not-a-tarball.tgz → plain text; GET /truncated.tgz → a gzipped tarball
//   whose first header is sound but whose content ends early (recognised as a tarball, fails to expand).
// `node /app/server.js probe <url> [timeout ms]`: fetches a URL, prints "<status> <body>" or "unreachable <code>".
// `node /app/server.js udp-send <host> <port> <n>`: sends n datagrams, prints how many were accepted.
// SEND_ON_START=<host>:<port>:<n> sends n datagrams before anything else, at the process's very start.
const SERVER_JS = `
const http = require('node:http');
const dgram = require('node:dgram');
const os = require('node:os');
async function udpSend(host, port, n) {
  const socket = dgram.createSocket('udp4');
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => socket.send(Buffer.from(String(i)), port, host, (err) => { if (!err) accepted++; resolve(); }));
  }
  socket.close();
  return accepted;
}
async function main() {
  if (process.env.SEND_ON_START) {
    const [host, port, n] = process.env.SEND_ON_START.split(':');
    console.log('sent on start', await udpSend(host, Number(port), Number(n)));
  }
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'probe') {
    try {
      const r = await fetch(a, { signal: AbortSignal.timeout(Number(b ?? 3000)) });
      console.log(r.status, await r.text());
    } catch (e) {
      console.log('unreachable', e.cause?.code ?? e.name);
      // An aborted connect attempt would keep the process alive until undici's own timeout.
      process.exit(1);
    }
    process.exit(0);
  }
  if (mode === 'udp-send') {
    console.log('accepted', await udpSend(a, Number(b), Number(c)));
    return;
  }
  let udpCount = 0;
  const udp = dgram.createSocket('udp4');
  udp.on('message', () => { udpCount++; });
  udp.bind(${TEST_SERVICE_UDP_PORT});
  http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/echo') { req.pipe(res); return; }
    if (req.url === '/health') { res.end('ok'); return; }
    if (req.url === '/whoami') { res.end(os.hostname()); return; }
    if (req.url === '/udp-count') { res.end(String(udpCount)); return; }
    if (req.url === '/artifact.tgz') { res.end(require('node:fs').readFileSync('/app/artifact.tgz')); return; }
    if (req.url === '/not-a-tarball.tgz') { res.end('just some text'); return; }
    if (req.url === '/truncated.tgz') { res.end(require('node:fs').readFileSync('/app/truncated.tgz')); return; }
    res.statusCode = 404; res.end('not found');
  }).listen(${TEST_SERVICE_PORT}, () => console.log('listening on ${TEST_SERVICE_PORT}'));
  process.on('SIGTERM', () => process.exit(0));
}
main();
`;

/** What /artifact.tgz holds: path inside the archive → content. */
export const ARTIFACT_FILES: Record<string, string> = {
  'hello.txt': 'hello from a files artifact\n',
  'nested/dir/data.json': '{"answer":42}\n',
};

export class TestServiceImage {
  private constructor(readonly tag: string) {}

  static build(name = 'http-service'): TestServiceImage {
    const tag = `kurtosis-ts-test/${name}:${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-test-image-'));
    try {
      fs.writeFileSync(path.join(dir, 'server.js'), SERVER_JS);
      const artifactDir = path.join(dir, 'artifact');
      for (const [file, content] of Object.entries(ARTIFACT_FILES)) {
        fs.mkdirSync(path.dirname(path.join(artifactDir, file)), { recursive: true });
        fs.writeFileSync(path.join(artifactDir, file), content);
      }
      execFileSync('tar', ['-czf', path.join(dir, 'artifact.tgz'), '-C', artifactDir, '.']);
      // The first 1 KiB of an uncompressed tarball of a 4 KiB file: a sound first header, then nothing.
      fs.writeFileSync(path.join(artifactDir, 'big.bin'), Buffer.alloc(4096, 7));
      const whole = execFileSync('tar', ['-cf', '-', '-C', artifactDir, 'big.bin']);
      fs.writeFileSync(path.join(dir, 'truncated.tgz'), gzipSync(whole.subarray(0, 1024)));
      fs.writeFileSync(
        path.join(dir, 'Dockerfile'),
        'FROM node:20-bookworm-slim\nLABEL com.kurtosistech.test=server-test-kit\nCOPY server.js artifact.tgz truncated.tgz /app/\nCMD ["node", "/app/server.js"]\n',
      );
      execFileSync('docker', ['build', '-q', '-t', tag, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return new TestServiceImage(tag);
  }

  remove(): void {
    spawnSync('docker', ['image', 'rm', '-f', this.tag], { stdio: 'ignore' });
  }
}
