import { enclaveIdFromImage, imageBaseName } from './enclave-id-from-image';

const at = new Date(1_700_000_000_000);

describe('imageBaseName', () => {
  it.each([
    ['kurtosis-ts/datastore-army-module', 'datastore-army-module'],
    ['registry:5000/org/img:tag', 'img'],
    ['localhost:5000/a/b/c/My_Module:1.2.3', 'my-module'],
    ['img@sha256:0123abcd', 'img'],
    ['registry:5000/org/img:tag@sha256:0123', 'img'],
    ['UPPER.case__name', 'upper-case-name'],
    ['--weird--', 'weird'],
    ['', ''],
  ])('%p → %p', (image, name) => {
    expect(imageBaseName(image)).toBe(name);
  });
});

describe('enclaveIdFromImage', () => {
  const RFC_1123 = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

  it.each([
    ['kurtosis-ts/datastore-army-module', 'datastore-army-module-1700000000'],
    ['registry:5000/org/img:tag', 'img-1700000000'],
    ['___', 'module-1700000000'],
    [`org/${'x'.repeat(80)}:1`, `${'x'.repeat(52)}-1700000000`],
  ])('%p → %p, a valid enclave ID', (image, id) => {
    expect(enclaveIdFromImage(image, at)).toBe(id);
    expect(id).toMatch(RFC_1123);
    expect(id.length).toBeLessThanOrEqual(63);
  });

  it('never ends the name part in a dash when it has to cut it', () => {
    expect(enclaveIdFromImage(`${'a'.repeat(51)}-b`, at)).toBe(`${'a'.repeat(51)}-1700000000`);
  });
});
