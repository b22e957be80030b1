import { idFromImage, serializeParams, uniqueEnclaveId } from './load-module-options';

describe('serializeParams', () => {
  it('passes strings through, even empty ones, and JSON-encodes anything else', () => {
    expect(serializeParams('{"a":1}')).toBe('{"a":1}');
    expect(serializeParams('')).toBe('');
    expect(serializeParams({ numDatastores: 3 })).toBe('{"numDatastores":3}');
    expect(serializeParams(['x'])).toBe('["x"]');
  });

  it('uses the fallback when nothing is given', () => {
    expect(serializeParams(undefined)).toBe('{}');
    expect(serializeParams(undefined, '')).toBe('');
  });
});

describe('idFromImage', () => {
  it.each([
    ['kurtosis-ts/datastore-army-module:0.1.0', 'datastore-army-module'],
    ['registry:5000/org/My_Module:1.2@sha256:abc', 'my-module'],
    ['plain', 'plain'],
    ['___:tag', 'module'],
  ])('%p → %p', (image, id) => {
    expect(idFromImage(image)).toBe(id);
  });
});

describe('uniqueEnclaveId', () => {
  it('names the image and ends in the random part', () => {
    expect(uniqueEnclaveId('kurtosis-ts/datastore-army-module:0.1.0', () => 'deadbeef')).toBe('test-datastore-army-module-deadbeef');
  });

  it('is a valid enclave ID of at most 63 characters however long the image name', () => {
    const id = uniqueEnclaveId(`org/${'a-'.repeat(60)}b:1`, () => '01234567');
    expect(id.length).toBeLessThanOrEqual(63);
    expect(id).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    expect(id.endsWith('-01234567')).toBe(true);
  });

  it('differs between calls', () => {
    expect(uniqueEnclaveId('m')).not.toBe(uniqueEnclaveId('m'));
  });
});
