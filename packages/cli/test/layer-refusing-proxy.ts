// A registry that answers with an image's manifest and config, then loses its layers: an HTTP server
// on a loopback port in front of a real registry, passing every request through except the layer
// blobs it is given, which it answers as a registry answers a blob it does not have (404
// BLOB_UNKNOWN, a failure Docker does not retry). A pull through it fails after the registry
// accepted it — what `module exec` must clean up after, since it creates the enclave meanwhile.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export class LayerRefusingProxy {
  private constructor(
    private readonly server: http.Server,
    /** The layer digests it answered 404 for. */
    readonly refused: string[],
  ) {}

  /** In front of `registryHost` (127.0.0.1:PORT), losing the layers given (an image's, pushed there). */
  static async start(registryHost: string, layerDigests: readonly string[]): Promise<LayerRefusingProxy> {
    const layers = new Set(layerDigests);
    const [host, port] = registryHost.split(':');
    const refused: string[] = [];
    const server = http.createServer((req, res) => {
      const digest = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url ?? '')?.[1];
      if (digest && layers.has(digest)) {
        refused.push(digest);
        res.writeHead(404, { 'Content-Type': 'application/json', 'Docker-Distribution-Api-Version': 'registry/2.0' });
        res.end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry', detail: digest }] }));
        return;
      }
      const upstream = http.request({ host, port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, host: registryHost } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LayerRefusingProxy(server, refused);
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
