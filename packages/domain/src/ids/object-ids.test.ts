import { DomainError } from '../errors/domain-error';
import { asValidId, explainInvalidId, isValidId, MAX_ID_LENGTH, parseId } from './object-ids';

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

describe('enclave IDs of the original alphabet', () => {
  it.each(['my_test.1', 'My-Enclave', 'a.b_c-d', '_x', '.x', '-x', 'A', '..'])('accepts %p', (id) => {
    expect(explainInvalidId('enclave', id)).toBeUndefined();
    expect(parseId('enclave', id)).toBe(id);
  });

  it.each(['a/b', 'a b', 'a:b', 'café', 'a;b'])('refuses %p, naming the alphabet', (id) => {
    expect(explainInvalidId('enclave', id)).toBe(`enclave ID '${id}' is invalid: use only letters, digits, '.', '_' and '-'`);
  });

  it('keeps the length limit', () => {
    expect(explainInvalidId('enclave', 'A'.repeat(64))).toContain('the maximum is 63');
  });

  it('keeps the RFC 1123 rule for every other kind of ID', () => {
    expect(explainInvalidId('service', 'my_test.1')).toContain('RFC 1123');
    expect(explainInvalidId('module', 'My-Module')).toContain('RFC 1123');
  });
});

describe('parseId', () => {
  it('returns a valid ID as it is', () => {
    const id: string = parseId('enclave', 'my-enclave');
    expect(id).toBe('my-enclave');
  });

  it("throws an 'invalid' DomainError with explainInvalidId's message", () => {
    expect(() => parseId('service', 'Bad_ID')).toThrow(expect.objectContaining({ kind: 'invalid', message: explainInvalidId('service', 'Bad_ID') }));
    expect(() => parseId('module', '')).toThrow(DomainError);
  });
});

describe('asValidId', () => {
  it('gives undefined for an invalid ID instead of throwing', () => {
    expect(asValidId('enclave', 'ok-1')).toBe('ok-1');
    expect(asValidId('enclave', 'x'.repeat(100_000))).toBeUndefined();
  });
});
