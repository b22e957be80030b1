import { status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { serveUnary } from './serve-unary';
import { notFound, StatusError } from './status-error';

type Answer = { err: Partial<ServiceError> | null; response?: unknown };

function invoke(handler: (req: string) => Promise<unknown>): Promise<Answer> {
  const served = serveUnary('Probe', handler);
  return new Promise((resolve) =>
    served({ request: 'req' } as ServerUnaryCall<string, unknown>, (err, response) => resolve({ err, response })),
  );
}

describe('serveUnary', () => {
  it('answers with what the handler resolves', async () => {
    await expect(invoke(async (req) => ({ echoed: req }))).resolves.toEqual({ err: null, response: { echoed: 'req' } });
  });

  it('answers a StatusError with its own code and message', async () => {
    const { err } = await invoke(async () => {
      throw notFound("No service with ID 'x'");
    });
    expect(err).toMatchObject({ code: status.NOT_FOUND, details: "No service with ID 'x'" });
  });

  it('keeps the grpcCode an error of another layer carries', async () => {
    class LayerError extends Error {
      readonly grpcCode = status.UNAVAILABLE;
    }
    const { err } = await invoke(async () => {
      throw new LayerError('the Docker engine cannot be reached');
    });
    expect(err).toMatchObject({ code: status.UNAVAILABLE, details: 'the Docker engine cannot be reached' });
  });

  it('turns anything else into INTERNAL naming the RPC', async () => {
    const { err } = await invoke(async () => {
      throw new TypeError('boom');
    });
    expect(err).toMatchObject({ code: status.INTERNAL, details: 'Probe failed unexpectedly: boom' });
  });

  it('answers a synchronous throw too, never leaving the call hanging', async () => {
    const { err } = await invoke(((): Promise<unknown> => {
      throw new StatusError(status.INVALID_ARGUMENT, 'bad');
    }) as (req: string) => Promise<unknown>);
    expect(err).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'bad' });
  });

  it('reports each error to onError', async () => {
    const seen: string[] = [];
    const served = serveUnary(
      'Probe',
      async () => {
        throw notFound('gone');
      },
      (e, rpc) => seen.push(`${rpc}:${e.code}`),
    );
    await new Promise((resolve) => served({ request: 1 } as ServerUnaryCall<number, unknown>, resolve));
    expect(seen).toEqual([`Probe:${status.NOT_FOUND}`]);
  });
});
