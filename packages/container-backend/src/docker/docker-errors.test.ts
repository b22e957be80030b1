import { DomainError } from '@kurtosis-ts/domain';
import { classifyDockerError, dockerMessage, isDockerStatus, toDomainError, withDockerContext } from './docker-errors';

/** An error shaped like dockerode's: HTTP status, its own message, and the engine's JSON body. */
function dockerodeError(statusCode: number, engineMessage: string): Error & { statusCode: number; json: { message: string } } {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${engineMessage}`), {
    statusCode,
    json: { message: engineMessage },
  });
}

/** An error shaped like Node's socket errors. */
function socketError(code: string): Error & { code: string } {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
}

describe('classifyDockerError', () => {
  it.each([
    ['404', dockerodeError(404, 'No such container: abc'), 'not-found'],
    ['a bare {statusCode: 404}', { statusCode: 404 }, 'not-found'],
    [
      '409 with "is already in use"',
      dockerodeError(409, 'Conflict. The container name "/kt-x" is already in use by container "123"'),
      'exists',
    ],
    ['409 with "already exists"', dockerodeError(409, 'network with name kt-x already exists'), 'exists'],
    ['other 409', dockerodeError(409, 'container 123 is not running'), 'precondition'],
    ['304 (already started or stopped)', { statusCode: 304 }, 'precondition'],
    ['500', dockerodeError(500, 'driver failed programming external connectivity'), 'internal'],
    ['400 bad reference', dockerodeError(400, 'invalid reference format: repository name must be lowercase'), 'invalid'],
    ['400 duplicate mount point', dockerodeError(400, 'Duplicate mount point: /x'), 'invalid'],
    [
      '400 missing entrypoint binary',
      dockerodeError(400, 'OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown'),
      'precondition',
    ],
    ['400 missing entrypoint path', dockerodeError(400, 'exec: "/no/such/binary": stat /no/such/binary: no such file or directory: unknown'), 'precondition'],
    ['500 missing entrypoint (older engines)', dockerodeError(500, 'exec: "x": executable file not found in $PATH'), 'precondition'],
    ['403 reserved network name', dockerodeError(403, 'operation is not permitted on predefined host network '), 'invalid'],
    ['413 request too large', { statusCode: 413 }, 'invalid'],
    ['431 request headers too large', { statusCode: 431 }, 'invalid'],
    ['ECONNREFUSED', socketError('ECONNREFUSED'), 'unavailable'],
    ['a bare {code: ECONNREFUSED}', { code: 'ECONNREFUSED' }, 'unavailable'],
    ['ENOENT (no socket)', socketError('ENOENT'), 'unavailable'],
    ['EACCES (socket not readable)', socketError('EACCES'), 'unavailable'],
    ['another code', { code: 'EINVAL' }, 'internal'],
    ['a plain Error', new Error('boom'), 'internal'],
    ['a string', 'boom', 'internal'],
    ['undefined', undefined, 'internal'],
    ['null', null, 'internal'],
  ])('classifies %s', (_, err, kind) => {
    expect(classifyDockerError(err)).toBe(kind);
  });

  it('keeps the kind of a DomainError', () => {
    expect(classifyDockerError(new DomainError('exists', 'taken'))).toBe('exists');
  });
});

describe('dockerMessage', () => {
  it.each([
    ["the engine's JSON message", dockerodeError(404, 'No such image: foo:latest'), 'No such image: foo:latest'],
    ['the error message without JSON', Object.assign(new Error('socket hang up'), { json: null }), 'socket hang up'],
    ['a string as is', 'plain text', 'plain text'],
    ['trimmed', { json: { message: '  spaced out\n' } }, 'spaced out'],
    ['cut when Docker echoes a huge input', { json: { message: `no such image: ${'a'.repeat(5000)}` } }, `no such image: ${'a'.repeat(985)}… (5015 characters)`],
  ])('gives %s', (_, err, message) => {
    expect(dockerMessage(err)).toBe(message);
  });
});

describe('toDomainError', () => {
  it("keeps Docker's JSON message and prefixes what we were doing", () => {
    const err = dockerodeError(404, 'No such container: abc');
    const wrapped = toDomainError(err, "Stopping container 'abc'");
    expect(wrapped).toBeInstanceOf(DomainError);
    expect(wrapped.kind).toBe('not-found');
    expect(wrapped.message).toBe("Stopping container 'abc': No such container: abc");
    expect(wrapped.cause).toBe(err);
  });

  it('says the engine cannot be reached when the socket refuses', () => {
    const wrapped = toDomainError(socketError('ECONNREFUSED'), 'Listing networks');
    expect(wrapped.kind).toBe('unavailable');
    expect(wrapped.message).toBe(
      'Listing networks: the Docker engine cannot be reached (connect ECONNREFUSED /var/run/docker.sock)',
    );
  });

  it('keeps the kind of a DomainError and prefixes its message again', () => {
    const inner = new DomainError('precondition', 'Starting service: not running');
    const wrapped = toDomainError(inner, 'Creating enclave');
    expect(wrapped.kind).toBe('precondition');
    expect(wrapped.message).toBe('Creating enclave: Starting service: not running');
    expect(wrapped.cause).toBe(inner);
  });
});

describe('withDockerContext', () => {
  it('returns what the call returns', async () => {
    await expect(withDockerContext('Inspecting', async () => 42)).resolves.toBe(42);
  });

  it('rethrows a failure as a DomainError with context', async () => {
    const failing = withDockerContext('Creating network', async () => {
      throw dockerodeError(409, 'network with name kt-x already exists');
    });
    await expect(failing).rejects.toMatchObject({
      name: 'DomainError',
      kind: 'exists',
      message: 'Creating network: network with name kt-x already exists',
    });
  });
});

describe('isDockerStatus', () => {
  it.each([
    [{ statusCode: 404 }, 404, true],
    [{ statusCode: 409 }, 404, false],
    [new Error('no status'), 404, false],
    [undefined, 404, false],
  ])('%p has status %i: %p', (err, status, expected) => {
    expect(isDockerStatus(err, status)).toBe(expected);
  });
});
