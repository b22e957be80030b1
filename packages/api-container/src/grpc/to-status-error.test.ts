import { status } from '@grpc/grpc-js';
import { alreadyExists, DOMAIN_ERROR_KINDS, DomainError, exhausted, internal, invalid, notFound, precondition, unavailable } from '@kurtosis-ts/domain';
import { MAX_STATUS_MESSAGE_BYTES, StatusError } from '@kurtosis-ts/protos';
import { STATUS_OF_KIND, toStatusError } from './to-status-error';

describe('toStatusError', () => {
  it.each([
    [invalid('bad'), status.INVALID_ARGUMENT],
    [notFound('gone'), status.NOT_FOUND],
    [alreadyExists('taken'), status.ALREADY_EXISTS],
    [precondition('wrong state'), status.FAILED_PRECONDITION],
    [exhausted('full'), status.RESOURCE_EXHAUSTED],
    [unavailable('unreachable'), status.UNAVAILABLE],
    [internal('broke'), status.INTERNAL],
  ])('answers %p with its code and its message', (err, code) => {
    expect(toStatusError(err, 'RegisterService')).toMatchObject({ code, message: err.message });
  });

  it('has a code for every kind', () => {
    for (const kind of DOMAIN_ERROR_KINDS) expect(typeof STATUS_OF_KIND[kind]).toBe('number');
  });

  it('passes a StatusError through, and makes anything else INTERNAL naming the RPC', () => {
    const given = new StatusError(status.ABORTED, 'as it was');
    expect(toStatusError(given, 'X')).toBe(given);
    expect(toStatusError(new TypeError('boom'), 'StartService')).toMatchObject({ code: status.INTERNAL, message: 'StartService failed unexpectedly: boom' });
  });

  it('bounds the message whatever its length', () => {
    const err = toStatusError(new DomainError('invalid', 'x'.repeat(100_000)), 'X');
    expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
  });
});
