// Runs a bulk commands document: in order, each through the same ApiOperations method its RPC
// uses, stopping at the first error (no rollback) with that error's status code — the protocol's
// answer for a document, so each error is mapped (grpc/to-status-error.ts) and prefixed here.
import { status } from '@grpc/grpc-js';
import { boundMessage, invalidArgument, MAX_STATUS_MESSAGE_BYTES, StatusError } from '@kurtosis-ts/protos';
import { toStatusError } from '../grpc/to-status-error';
import type { ApiOperations, CallContext } from '../api-operations';
import { parseBulkDocument } from './bulk-document';
import type { BulkCommand } from './bulk-document';
import { withServiceIps } from './service-ip-placeholders';

/** Documents may run documents; this many levels deep at most. */
export const MAX_BULK_NESTING = 8;

/**
 * A nested document runs through ops.executeBulkCommands like any other command, so how deep it
 * sits travels with the call rather than as an argument that method does not have.
 */
export interface BulkCallContext extends CallContext {
  readonly bulkNesting?: number;
}

function dispatch(ops: ApiOperations, command: BulkCommand, call: CallContext, nesting: number): Promise<unknown> {
  switch (command.type) {
    case 'LOAD_MODULE':
      return ops.loadModule(command.args);
    case 'EXECUTE_MODULE':
      return ops.executeModule(command.args, call);
    case 'REGISTER_SERVICE':
      return ops.registerService(command.args);
    case 'START_SERVICE':
      return ops.startService(command.args);
    case 'REMOVE_SERVICE':
      return ops.removeService(command.args);
    case 'REPARTITION':
      return ops.repartition(command.args);
    case 'EXEC_COMMAND':
      return ops.execCommand(command.args);
    case 'WAIT_FOR_HTTP_GET_ENDPOINT_AVAILABILITY':
      return ops.waitForHttpGetEndpointAvailability(command.args, call);
    case 'WAIT_FOR_HTTP_POST_ENDPOINT_AVAILABILITY':
      return ops.waitForHttpPostEndpointAvailability(command.args, call);
    case 'EXECUTE_BULK_COMMANDS':
      return ops.executeBulkCommands(command.args, nestedCall(call, nesting + 1));
    case 'GET_SERVICES':
      return ops.getServices();
    case 'GET_MODULES':
      return ops.getModules();
  }
}

function nestedCall(call: CallContext, bulkNesting: number): BulkCallContext {
  return { isCancelled: () => call.isCancelled(), signal: call.signal, bulkNesting };
}

export async function runBulkCommands(
  ops: ApiOperations,
  serializedCommands: string,
  ipOf: (serviceId: string) => string,
  call: BulkCallContext,
): Promise<void> {
  const nesting = call.bulkNesting ?? 0;
  if (nesting >= MAX_BULK_NESTING) throw invalidArgument(`Bulk commands are nested more than ${MAX_BULK_NESTING} levels deep`);
  const commands = parseBulkDocument(serializedCommands);
  for (const [index, command] of commands.entries()) {
    if (call.isCancelled()) throw new StatusError(status.CANCELLED, `Bulk commands cancelled before command #${index} (${command.type})`);
    try {
      await dispatch(ops, withServiceIps(command, ipOf), call, nesting);
    } catch (err) {
      const cause = toStatusError(err, command.type);
      // Each nesting level adds its prefix: the cause is cut to what is left, so the whole message fits.
      const prefix = `Bulk command #${index} (${command.type}) failed: `;
      throw new StatusError(cause.code, `${prefix}${boundMessage(cause.message, MAX_STATUS_MESSAGE_BYTES - Buffer.byteLength(prefix))}`, { cause: err });
    }
  }
}
