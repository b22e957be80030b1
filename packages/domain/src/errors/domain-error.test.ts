import { alreadyExists, cancelled, deadline, denied, DOMAIN_ERROR_KINDS, DomainError, exhausted, internal, invalid, isDomainError, notFound, precondition, unavailable } from './domain-error';

describe('DomainError', () => {
  it.each([
    [invalid, 'invalid'],
    [notFound, 'not-found'],
    [alreadyExists, 'exists'],
    [precondition, 'precondition'],
    [exhausted, 'exhausted'],
    [deadline, 'deadline'],
    [unavailable, 'unavailable'],
    [denied, 'permission'],
    [cancelled, 'cancelled'],
    [internal, 'internal'],
  ] as const)('%p makes a %s error with the message as given', (make, kind) => {
    const err = make('No service with ID x');
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind, message: 'No service with ID x', name: 'DomainError' });
    expect(isDomainError(err, kind)).toBe(true);
    expect(DOMAIN_ERROR_KINDS).toContain(kind);
  });

  it('tells kinds apart and other errors from domain errors', () => {
    expect(isDomainError(notFound('x'), 'exists')).toBe(false);
    expect(isDomainError(notFound('x'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError(Object.assign(new Error('x'), { kind: 'not-found' }))).toBe(false);
  });

  it('adds context in front, keeping the kind and the cause', () => {
    const inner = exhausted('No free IP address is left in subnet 172.16.0.0/24');
    const outer = inner.withContext("Registering service 'web'");
    expect(outer).toMatchObject({ kind: 'exhausted', message: "Registering service 'web': No free IP address is left in subnet 172.16.0.0/24" });
    expect(outer.cause).toBe(inner);
  });
});
