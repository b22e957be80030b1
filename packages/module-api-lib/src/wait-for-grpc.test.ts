import { Server, ServerCredentials } from '@grpc/grpc-js';
import { waitForGrpc } from './wait-for-grpc';

describe('waitForGrpc', () => {
  it('resolves once a gRPC server answers on the address', async () => {
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    try {
      await expect(waitForGrpc(`127.0.0.1:${port}`, Date.now() + 5_000)).resolves.toBeUndefined();
    } finally {
      server.forceShutdown();
    }
  });

  it('rejects at the deadline when nothing answers, naming the address', async () => {
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    server.forceShutdown();
    const started = Date.now();
    await expect(waitForGrpc(`127.0.0.1:${port}`, Date.now() + 300)).rejects.toThrow(`127.0.0.1:${port} did not accept gRPC connections`);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
