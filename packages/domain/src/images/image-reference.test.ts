import { isDomainError } from '../errors/domain-error';
import { formatImageReference, parseImageReference, registryOf } from './image-reference';

describe('parseImageReference', () => {
  it.each([
    ['kurtosis-ts/datastore-army-module', { repository: 'kurtosis-ts/datastore-army-module' }],
    ['kurtosis-ts/engine:0.1.0', { repository: 'kurtosis-ts/engine', tag: '0.1.0' }],
    ['127.0.0.1:5000/kurtosis-ts-test/hello-module:latest', { registry: '127.0.0.1:5000', repository: 'kurtosis-ts-test/hello-module', tag: 'latest' }],
    ['localhost/a', { registry: 'localhost', repository: 'a' }],
    ['registry.example.com/team/a_b__c-d.e:v1.2', { registry: 'registry.example.com', repository: 'team/a_b__c-d.e', tag: 'v1.2' }],
    [`a@sha256:${'0'.repeat(64)}`, { repository: 'a', digest: `sha256:${'0'.repeat(64)}` }],
    [`r:1/a:t@sha256:${'a'.repeat(64)}`, { registry: 'r:1', repository: 'a', tag: 't', digest: `sha256:${'a'.repeat(64)}` }],
  ])('reads %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
    expect(formatImageReference(parseImageReference(reference))).toBe(reference);
  });

  it.each([
    ['', 'empty'],
    ['a b', 'whitespace'],
    ['127.0.0.1:5000/Bad_Ref:1', "'Bad_Ref'"],
    ['a:', 'the tag'],
    ['a:-x', 'the tag'],
    ['127.0.0.1:5000/', 'no repository'],
    ['a@sha256:123', 'digest'],
    ['a//b', "''"],
    ['badhost!/a', 'path component'],
    ['reg_istry.io:5000/a', 'registry'],
  ])('refuses %j as invalid, saying why', (reference, why) => {
    let caught: unknown;
    try {
      parseImageReference(reference);
    } catch (err) {
      caught = err;
    }
    expect(isDomainError(caught, 'invalid')).toBe(true);
    expect((caught as Error).message).toContain('is not an image reference');
    expect((caught as Error).message).toContain(why);
  });

  it('names the default registry for references without one', () => {
    expect(registryOf(parseImageReference('kurtosis-ts/engine:0.1.0'))).toBe('docker.io');
    expect(registryOf(parseImageReference('127.0.0.1:5000/x'))).toBe('127.0.0.1:5000');
  });
});
