import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getFollowingRedirects, HttpRequestError, readBodyText, redirectTarget, sendRequest } from './http-client';

describe('redirectTarget', () => {
  const from = new URL('http://172.16.0.5:8080/a/b.tgz');
  it.each([
    ['/c.tgz', 'http://172.16.0.5:8080/c.tgz'],
    ['c.tgz', 'http://172.16.0.5:8080/a/c.tgz'],
    ['https://example.org/x', 'https://example.org/x'],
  ])('resolves %p', (location, url) => {
    expect(String(redirectTarget(from, location))).toBe(url);
  });
  it.each([
    [undefined, 'without a Location header'],
    ['file:///etc/passwd', 'a redirect to a file: URL'],
    ['ftp://example.org/a', 'a redirect to a ftp: URL'],
  ])('refuses %p', (location, mention) => {
    expect(redirectTarget(from, location)).toContain(mention);
  });
});

describe('HTTP client (against a server on loopback)', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const hops = /^\/hops\/(\d+)$/.exec(req.url ?? '');
      if (hops) {
        const n = Number(hops[1]);
        res.writeHead(n === 0 ? 200 : 302, n === 0 ? {} : { location: `/hops/${n - 1}` });
        res.end(n === 0 ? 'arrived' : '');
      } else if (req.url === '/to-file') {
        res.writeHead(301, { location: 'file:///etc/passwd' });
        res.end();
      } else if (req.url === '/endless') {
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const write = () => {
          while (res.write(chunk));
          res.once('drain', write);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        write();
      } else if (req.url === '/silent') {
        // Never answers.
      } else {
        res.end('ok');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const signal = () => AbortSignal.timeout(5_000);

  it('follows up to the given number of redirects', async () => {
    const response = await getFollowingRedirects(new URL(`${base}/hops/5`), { maxRedirects: 5, signal: signal() });
    expect(response.statusCode).toBe(200);
    expect((await readBodyText(response, 100, signal())).text).toBe('arrived');
  });

  it('refuses one redirect more, and a redirect away from http', async () => {
    await expect(getFollowingRedirects(new URL(`${base}/hops/6`), { maxRedirects: 5, signal: signal() })).rejects.toThrow('more than 5 redirects');
    await expect(getFollowingRedirects(new URL(`${base}/to-file`), { maxRedirects: 5, signal: signal() })).rejects.toThrow('a redirect to a file: URL');
  });

  it('cuts an endless body at the limit', async () => {
    const s = signal();
    const response = await sendRequest(new URL(`${base}/endless`), { method: 'GET', signal: s });
    const body = await readBodyText(response, 1024 * 1024, s);
    expect(body.truncated).toBe(true);
    expect(body.text.length).toBe(1024 * 1024);
  });

  it('says timed out when the server never answers', async () => {
    const err = await sendRequest(new URL(`${base}/silent`), { method: 'GET', signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpRequestError);
    expect((err as HttpRequestError).timedOut).toBe(true);
  });

  it('names the error code when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(sendRequest(new URL(`http://127.0.0.1:${port}/`), { method: 'GET', signal: signal() })).rejects.toMatchObject({ reason: 'ECONNREFUSED' });
  });

  it('refuses URLs that are not http(s)', async () => {
    await expect(sendRequest(new URL('ftp://127.0.0.1/a'), { method: 'GET', signal: signal() })).rejects.toThrow('ftp: URLs are not supported');
  });
});
