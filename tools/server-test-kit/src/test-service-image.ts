// A small HTTP service image, built from the node base image for the tests that need a service
// to start, reach, exec into and wait for. Removed again by `remove()`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const TEST_SERVICE_PORT = 8080;

// GET /health → "ok"; GET /whoami → the container's hostname; POST /echo → the request body.
// `node /app/server.js probe <url>` fetches a URL and prints status and body (for reachability).
const SERVER_JS = `
const http = require('node:http');
const os = require('node:os');
if (process.argv[2] === 'probe') {
  fetch(process.argv[3], { signal: AbortSignal.timeout(3000) })
    .then(async (r) => { console.log(r.status, await r.text()); })
    .catch((e) => { console.log('unreachable', e.cause?.code ?? e.message); process.exitCode = 1; });
} else {
  http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/echo') { req.pipe(res); return; }
    if (req.url === '/health') { res.end('ok'); return; }
    if (req.url === '/whoami') { res.end(os.hostname()); return; }
    res.statusCode = 404; res.end('not found');
  }).listen(${TEST_SERVICE_PORT}, () => console.log('listening on ${TEST_SERVICE_PORT}'));
  process.on('SIGTERM', () => process.exit(0));
}
`;

export class TestServiceImage {
  private constructor(readonly tag: string) {}

  static build(name = 'http-service'): TestServiceImage {
    const tag = `kurtosis-ts-test/${name}:${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kurtosis-ts-test-image-'));
    try {
      fs.writeFileSync(path.join(dir, 'server.js'), SERVER_JS);
      fs.writeFileSync(
        path.join(dir, 'Dockerfile'),
        'FROM node:20-bookworm-slim\nLABEL com.kurtosistech.test=server-test-kit\nCOPY server.js /app/server.js\nCMD ["node", "/app/server.js"]\n',
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
