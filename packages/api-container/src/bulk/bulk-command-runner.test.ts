import { status } from '@grpc/grpc-js';
import { MAX_STATUS_MESSAGE_BYTES, notFound, StatusError } from '@kurtosis-ts/protos';
import type { ApiOperations, CallContext } from '../api-operations';
import { MAX_BULK_NESTING, runBulkCommands } from './bulk-command-runner';

const doc = (commands: unknown[]) => JSON.stringify({ schemaVersion: 0, body: { commands } });
const live: CallContext = { isCancelled: () => false };

function fakeOps(overrides: Partial<Record<keyof ApiOperations, jest.Mock>> = {}) {
  const calls: string[] = [];
  const record = (name: string) =>
    jest.fn(async (args?: { serviceId?: string; commandArgs?: string[] }) => {
      calls.push(`${name}:${args?.serviceId ?? ''}${args?.commandArgs ? ` ${args.commandArgs.join(' ')}` : ''}`);
      return {};
    });
  const ops = {
    registerService: record('register'),
    startService: record('start'),
    execCommand: record('exec'),
    getServices: record('getServices'),
    ...overrides,
  } as unknown as ApiOperations;
  // As the real one does: nested documents come back to the runner.
  const executeBulkCommands = jest.fn((args: { serializedCommands: string }, call: CallContext) =>
    runBulkCommands(ops, args.serializedCommands, (id) => `ip-of-${id}`, call),
  );
  Object.assign(ops, { executeBulkCommands });
  return { ops, calls, executeBulkCommands };
}

const nestedDoc = (levels: number, innermost: string) => {
  let serialized = innermost;
  for (let i = 1; i < levels; i++) serialized = doc([{ type: 'EXECUTE_BULK_COMMANDS', args: { serialized_commands: serialized } }]);
  return serialized;
};

describe('runBulkCommands', () => {
  it('runs the commands in order with placeholders replaced', async () => {
    const { ops, calls } = fakeOps();
    await runBulkCommands(
      ops,
      doc([
        { type: 'REGISTER_SERVICE', args: { service_id: 'a' } },
        { type: 'EXEC_COMMAND', args: { service_id: 'b', command_args: ['ping', '<<<a>>>'] } },
        { type: 'GET_SERVICES' },
      ]),
      (id) => `ip-of-${id}`,
      live,
    );
    expect(calls).toEqual(['register:a', 'exec:b ping ip-of-a', 'getServices:']);
  });

  it('stops at the first error, keeping its code and naming the command', async () => {
    const { ops, calls } = fakeOps({
      startService: jest.fn(async () => {
        throw notFound("No service with ID 'x' is registered in this enclave");
      }),
    });
    const run = runBulkCommands(
      ops,
      doc([
        { type: 'REGISTER_SERVICE', args: { service_id: 'a' } },
        { type: 'START_SERVICE', args: { service_id: 'x', docker_image: 'img' } },
        { type: 'GET_SERVICES' },
      ]),
      (id) => id,
      live,
    );
    await expect(run).rejects.toMatchObject({
      code: status.NOT_FOUND,
      message: "Bulk command #1 (START_SERVICE) failed: No service with ID 'x' is registered in this enclave",
    });
    expect(calls).toEqual(['register:a']);
  });

  it('runs nested documents through ops.executeBulkCommands, up to the nesting limit', async () => {
    const { ops, calls, executeBulkCommands } = fakeOps();
    const inner = doc([{ type: 'EXEC_COMMAND', args: { service_id: 'a', command_args: ['ping', '<<<b>>>'] } }]);
    await runBulkCommands(ops, nestedDoc(MAX_BULK_NESTING, inner), (id) => id, live);
    expect(calls).toEqual(['exec:a ping ip-of-b']);
    expect(executeBulkCommands).toHaveBeenCalledTimes(MAX_BULK_NESTING - 1);
  });

  it('refuses documents nested deeper than the limit before running the innermost', async () => {
    const { ops, calls } = fakeOps();
    const inner = doc([{ type: 'REGISTER_SERVICE', args: { service_id: 'too-deep' } }]);
    const run = runBulkCommands(ops, nestedDoc(MAX_BULK_NESTING + 1, inner), (id) => id, live);
    await expect(run).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      message: expect.stringMatching(new RegExp(`^Bulk command #0 \\(EXECUTE_BULK_COMMANDS\\) failed: .*nested more than ${MAX_BULK_NESTING} levels deep$`)),
    });
    expect(calls).toEqual([]);
  });

  it('keeps the message of a failure deep inside nested documents within a status, every prefix included', async () => {
    const { ops } = fakeOps({
      execCommand: jest.fn(async () => {
        throw notFound(`No service ${'x'.repeat(10_000)}`);
      }),
    });
    const inner = doc([{ type: 'EXEC_COMMAND', args: { service_id: 'a', command_args: ['true'] } }]);
    const failure = await runBulkCommands(ops, nestedDoc(MAX_BULK_NESTING, inner), (id) => id, live).catch((err: StatusError) => err);
    expect(failure).toBeInstanceOf(StatusError);
    expect((failure as StatusError).code).toBe(status.NOT_FOUND);
    expect((failure as StatusError).message).toMatch(/^Bulk command #0 \(EXECUTE_BULK_COMMANDS\) failed: Bulk command #0 \(EXECUTE_BULK_COMMANDS\) failed: /);
    expect(Buffer.byteLength((failure as StatusError).message)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
  });

  it('passes cancellation on to nested documents', async () => {
    let cancelled = false;
    const { ops, calls } = fakeOps({
      registerService: jest.fn(async () => {
        calls.push('register');
        cancelled = true;
        return {};
      }),
    });
    const inner = doc([{ type: 'REGISTER_SERVICE', args: {} }, { type: 'GET_SERVICES' }]);
    const run = runBulkCommands(ops, nestedDoc(2, inner), (id) => id, { isCancelled: () => cancelled });
    await expect(run).rejects.toMatchObject({ code: status.CANCELLED });
    expect(calls).toEqual(['register']);
  });

  it('stops when the caller cancels', async () => {
    let cancelled = false;
    const { ops, calls } = fakeOps({
      registerService: jest.fn(async () => {
        calls.push('register');
        cancelled = true;
        return {};
      }),
    });
    const run = runBulkCommands(ops, doc([{ type: 'REGISTER_SERVICE', args: {} }, { type: 'GET_SERVICES' }]), (id) => id, { isCancelled: () => cancelled });
    await expect(run).rejects.toBeInstanceOf(StatusError);
    await expect(run).rejects.toMatchObject({ code: status.CANCELLED });
    expect(calls).toEqual(['register']);
  });
});
