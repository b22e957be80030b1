import { explainInvalidId, isValidId, MAX_ID_LENGTH } from './object-ids';

describe('explainInvalidId', () => {
  it.each([
    ['a single letter', 'a'],
    ['a single digit', '7'],
    ['letters, digits and dashes', 'my-enclave-1'],
    ['a leading digit', '1st-service'],
    ['consecutive dashes inside', 'a--b'],
    ['exactly 63 characters', 'a'.repeat(MAX_ID_LENGTH)],
  ])('accepts %s', (_, id) => {
    expect(explainInvalidId('enclave', id)).toBeUndefined();
    expect(isValidId(id)).toBe(true);
  });

  it('refuses the empty string, saying it is empty', () => {
    expect(explainInvalidId('enclave', '')).toBe('enclave ID must not be empty');
    expect(isValidId('')).toBe(false);
  });

  it.each([64, 65, 300])('refuses %i characters, naming the length and the maximum', (length) => {
    const message = explainInvalidId('service', 'a'.repeat(length));
    expect(message).toMatch(/^service ID /);
    expect(message).toContain(`is ${length} characters long`);
    expect(message).toContain('the maximum is 63');
  });

  it.each([
    ['upper-case letters', 'My-Enclave'],
    ['a slash', 'a/b'],
    ['a path traversal', '../etc'],
    ['a colon', 'a:b'],
    ['a space', 'a b'],
    ['an underscore', 'a_b'],
    ['a dot', 'a.b'],
    ['a shell command', 'a;rm -rf /'],
    ['a leading dash', '-abc'],
    ['a trailing dash', 'abc-'],
    ['a lone dash', '-'],
    ['a non-ASCII letter', 'café'],
  ])('refuses %s, quoting the ID and the allowed characters', (_, id) => {
    const message = explainInvalidId('service', id);
    expect(message).toBe(
      `service ID '${id}' is invalid: use only lower-case letters, digits and '-', ` +
        `starting and ending with a letter or digit (RFC 1123 label)`,
    );
    expect(isValidId(id)).toBe(false);
  });

  it.each(['enclave', 'service', 'module', 'partition', 'files artifact'] as const)('names the %s kind', (kind) => {
    expect(explainInvalidId(kind, 'Bad ID')).toMatch(new RegExp(`^${kind} ID 'Bad ID'`));
    expect(explainInvalidId(kind, '')).toMatch(new RegExp(`^${kind} ID `));
  });
});

it('shows a 64-character ID whole, without an ellipsis', () => {
  const id = 'a'.repeat(64);
  expect(explainInvalidId('service', id)).toBe(`service ID '${id}' is 64 characters long; the maximum is 63`);
});
