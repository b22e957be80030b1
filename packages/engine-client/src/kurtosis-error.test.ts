import { status } from '@grpc/grpc-js';
import { KurtosisError, toKurtosisError } from './kurtosis-error';

describe('toKurtosisError', () => {
  it("keeps a server's status code and message, adding what was being done", () => {
    const err = toKurtosisError({ code: status.NOT_FOUND, details: "No service with ID 'x'", message: '5 NOT_FOUND' }, "Getting service 'x'");
    expect(err).toBeInstanceOf(KurtosisError);
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.codeName).toBe('NOT_FOUND');
    expect(err.message).toBe("Getting service 'x': No service with ID 'x'");
  });

  it('names the status when the server sent no message', () => {
    expect(toKurtosisError({ code: status.UNAVAILABLE, details: '' }, 'Listing enclaves').message).toBe('Listing enclaves: UNAVAILABLE');
  });

  it('nests contexts of KurtosisErrors', () => {
    const inner = new KurtosisError(status.INVALID_ARGUMENT, 'bad port');
    const outer = toKurtosisError(inner, "Adding service 'web'");
    expect(outer.code).toBe(status.INVALID_ARGUMENT);
    expect(outer.message).toBe("Adding service 'web': bad port");
  });

  it('turns anything else into UNKNOWN', () => {
    expect(toKurtosisError(new TypeError('boom'), 'Doing').code).toBe(status.UNKNOWN);
    expect(toKurtosisError('text', 'Doing').message).toBe('Doing: text');
  });
});
