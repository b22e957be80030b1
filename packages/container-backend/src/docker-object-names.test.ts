import { dockerNameStartingWith } from './docker-object-names';
import { explainInvalidId } from './object-ids';

describe('enclave IDs of the original alphabet', () => {
  it.each(['my_test.1', 'My-Enclave', 'a.b_c-d', '_x', '.x', '-x', 'A', '..'])('accepts %p', (id) => {
    expect(explainInvalidId('enclave', id)).toBeUndefined();
  });

  it.each(['a/b', 'a b', 'a:b', 'café', 'a;b'])('refuses %p, naming the alphabet', (id) => {
    expect(explainInvalidId('enclave', id)).toBe(`enclave ID '${id}' is invalid: use only letters, digits, '.', '_' and '-'`);
  });

  it('keeps the RFC 1123 rule for every other kind of ID', () => {
    expect(explainInvalidId('service', 'my_test.1')).toContain('RFC 1123');
  });
});

describe('dockerNameStartingWith', () => {
  it.each(['my-enclave', 'my_test.1', 'A', '7up'])('keeps %p, which Docker accepts at the start of a name', (id) => {
    expect(dockerNameStartingWith(id)).toBe(id);
  });

  it.each([
    ['_x', 'kt_x'],
    ['.hidden', 'kt.hidden'],
    ['-dash', 'kt-dash'],
  ])('puts kt before %p', (id, name) => {
    expect(dockerNameStartingWith(id)).toBe(name);
    expect(name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
  });
});
