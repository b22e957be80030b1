import { parseImageReference } from '@kurtosis-ts/domain';
import { classifyPullFailure, digestOf, pullFailure, toPullProgress } from './docker-pulls';

describe('toPullProgress', () => {
  it('maps each layer step, with bytes where Docker gives them', () => {
    expect(toPullProgress({ status: 'Pulling fs layer', id: 'a1', progressDetail: {} })).toEqual({ layer: 'a1', phase: 'waiting' });
    expect(toPullProgress({ status: 'Downloading', id: 'a1', progressDetail: { current: 10, total: 100 } })).toEqual({ layer: 'a1', phase: 'downloading', currentBytes: 10, totalBytes: 100 });
    expect(toPullProgress({ status: 'Extracting', id: 'a1', progressDetail: { current: 5, total: 100 } })?.phase).toBe('extracting');
    expect(toPullProgress({ status: 'Pull complete', id: 'a1' })?.phase).toBe('done');
    expect(toPullProgress({ status: 'Already exists', id: 'b2' })?.phase).toBe('exists');
  });

  it('leaves out events about the whole image', () => {
    expect(toPullProgress({ status: 'Pulling from kurtosis-ts-test/probe', id: '1' })).toBeUndefined();
    expect(toPullProgress({ status: 'Digest: sha256:abc' })).toBeUndefined();
    expect(digestOf({ status: 'Digest: sha256:abc' })).toBe('sha256:abc');
  });
});

describe('classifyPullFailure (Docker 20.10 and distribution 2.8 texts)', () => {
  it.each([
    [404, 'manifest for 127.0.0.1:5000/x:nope not found: manifest unknown: manifest unknown', false, 'not-found'],
    [500, 'Get "http://127.0.0.1:5009/v2/": dial tcp 127.0.0.1:5009: connect: connection refused', false, 'unavailable'],
    [500, 'Head "http://127.0.0.1:5001/v2/x/manifests/1": no basic auth credentials', false, 'unauthenticated'],
    [500, 'unauthorized: authentication required', true, 'permission'],
    [500, 'unauthorized: authentication required', false, 'unauthenticated'],
    [500, 'pull access denied for x, repository does not exist or may require docker login', false, 'not-found'],
    [400, 'invalid reference format: repository name must be lowercase', false, 'invalid'],
    [500, 'unknown blob', false, 'not-found'],
    [500, 'something else entirely', false, 'internal'],
  ])('%s %s (credentials offered: %s) → %s', (status, message, offered, kind) => {
    expect(classifyPullFailure(status, message, offered)).toBe(kind);
  });
});

describe('pullFailure', () => {
  it('names the reference and the registry', () => {
    const err = pullFailure('127.0.0.1:5000/a:1', parseImageReference('127.0.0.1:5000/a:1'), 'unavailable', 'connection refused');
    expect(err.kind).toBe('unavailable');
    expect(err.message).toBe("Pulling image '127.0.0.1:5000/a:1': registry 127.0.0.1:5000 cannot be reached (connection refused)");
    expect(pullFailure('r:1/a', parseImageReference('r:1/a'), 'unauthenticated', 'x').message).toContain('docker login r:1');
  });

  it('names the registry for a missing layer and for a failure it cannot tell', () => {
    const ref = parseImageReference('127.0.0.1:5000/a:1');
    expect(pullFailure('127.0.0.1:5000/a:1', ref, 'not-found', 'unknown blob').message).toBe("Pulling image '127.0.0.1:5000/a:1': registry 127.0.0.1:5000 lacks a layer its manifest names (unknown blob)");
    expect(pullFailure('127.0.0.1:5000/a:1', ref, 'internal', 'no space left on device').message).toBe("Pulling image '127.0.0.1:5000/a:1': the pull from registry 127.0.0.1:5000 failed (no space left on device)");
  });

  it('keeps an image without a registry not-found when the default registry is out of reach', () => {
    const err = pullFailure('kurtosis-ts/nothing:1', parseImageReference('kurtosis-ts/nothing:1'), 'unavailable', 'no such host');
    expect(err.kind).toBe('not-found');
    expect(err.message).toContain('is not present locally');
  });
});
