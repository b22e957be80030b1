import { Client, credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { apiContainerApi } from '../index';
import { serveUnary } from './serve-unary';
import { answeringUndecodableRequests } from './undecodable-request';

const REMOVE_SERVICE = '/api_container_api.ApiContainerService/RemoveService';

describe('answeringUndecodableRequests', () => {
  let server: Server;
  let client: Client;
  const seen: apiContainerApi.RemoveServiceArgs[] = [];

  beforeAll(async () => {
    server = new Server();
    const handler = serveUnary('RemoveService', async (request: apiContainerApi.RemoveServiceArgs) => {
      seen.push(request);
      return {};
    });
    server.addService(answeringUndecodableRequests(apiContainerApi.ApiContainerServiceService), { removeService: handler });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(() => {
    client?.close();
    server?.forceShutdown();
  });

  /** Sends raw request bytes, as a hostile or broken client may. */
  function send(bytes: number[]): Promise<{ code: number; details: string }> {
    return new Promise((resolve) =>
      client.makeUnaryRequest(
        REMOVE_SERVICE,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(bytes),
        (err: ServiceError | null) => resolve({ code: err?.code ?? status.OK, details: err?.details ?? '' }),
      ),
    );
  }

  it('answers a uint64 above 2^53 - 1 with INVALID_ARGUMENT, not INTERNAL', async () => {
    // service_id "x"; container_stop_timeout_seconds = 2^60 as a varint
    const answer = await send([0x0a, 0x01, 0x78, 0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
    expect(answer.code).toBe(status.INVALID_ARGUMENT);
    expect(answer.details).toMatch(/^RemoveService: the request could not be decoded: '.*MAX_SAFE_INTEGER/);
    expect(seen).toEqual([]);
  });

  it('answers malformed bytes with INVALID_ARGUMENT', async () => {
    const answer = await send([0xff, 0xff, 0xff]);
    expect(answer.code).toBe(status.INVALID_ARGUMENT);
    expect(answer.details).toContain('could not be decoded');
  });

  it('passes a request it can decode to the handler', async () => {
    const answer = await send([...apiContainerApi.RemoveServiceArgs.encode({ serviceId: 'web', containerStopTimeoutSeconds: 3 }).finish()]);
    expect(answer.code).toBe(status.OK);
    expect(seen).toEqual([{ serviceId: 'web', containerStopTimeoutSeconds: 3 }]);
  });
});
