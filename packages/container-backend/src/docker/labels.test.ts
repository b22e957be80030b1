import { APP_ID, containerLabels, decodePorts, encodePorts, enclaveLabels, isKurtosisLabelled, LABEL_KEYS, labelFilter, objectKindOf } from './labels';
import type { PortSpec } from '@kurtosis-ts/domain';

describe('encodePorts / decodePorts', () => {
  it.each<[string, Record<string, PortSpec>]>([
    ['no ports', {}],
    ['one port', { grpc: { number: 1323, protocol: 'tcp' } }],
    [
      'every protocol',
      {
        http: { number: 80, protocol: 'tcp' },
        dns: { number: 53, protocol: 'udp' },
        sig: { number: 2905, protocol: 'sctp' },
      },
    ],
    ['the highest port number', { max: { number: 65535, protocol: 'udp' } }],
    ['IDs with dashes, dots and digits', { 'metrics-v2.0': { number: 9090, protocol: 'tcp' } }],
  ])('round-trips %s', (_, ports) => {
    expect(decodePorts(encodePorts(ports))).toEqual(ports);
  });

  it('encodes as id:number/protocol entries sorted by port ID', () => {
    const encoded = encodePorts({
      http: { number: 80, protocol: 'tcp' },
      admin: { number: 9000, protocol: 'udp' },
      grpc: { number: 1323, protocol: 'tcp' },
    });
    expect(encoded).toBe('admin:9000/udp,grpc:1323/tcp,http:80/tcp');
  });

  it('encodes the same ports to the same label whatever their insertion order', () => {
    const a = encodePorts({ b: { number: 2, protocol: 'tcp' }, a: { number: 1, protocol: 'tcp' } });
    const b = encodePorts({ a: { number: 1, protocol: 'tcp' }, b: { number: 2, protocol: 'tcp' } });
    expect(a).toBe(b);
  });

  it('encodes no ports as the empty string', () => {
    expect(encodePorts({})).toBe('');
  });

  it.each([undefined, ''])('decodes %p as no ports', (encoded) => {
    expect(decodePorts(encoded)).toEqual({});
  });

  it('decodes a label written by hand', () => {
    expect(decodePorts('grpc:1323/tcp,http:80/tcp')).toEqual({
      grpc: { number: 1323, protocol: 'tcp' },
      http: { number: 80, protocol: 'tcp' },
    });
  });

  it.each([
    ['a missing protocol', 'grpc:1323', 'grpc:1323'],
    ['an unknown protocol', 'grpc:1323/icmp', 'grpc:1323/icmp'],
    ['an upper-case protocol', 'grpc:1323/TCP', 'grpc:1323/TCP'],
    ['a non-numeric port', 'grpc:http/tcp', 'grpc:http/tcp'],
    ['a six-digit port', 'grpc:123456/tcp', 'grpc:123456/tcp'],
    ['a missing port ID', ':80/tcp', ':80/tcp'],
    ['a missing colon', 'grpc1323/tcp', 'grpc1323/tcp'],
    ['a colon inside the port ID', 'a:b:80/tcp', 'a:b:80/tcp'],
    ['an empty entry after a trailing comma', 'http:80/tcp,', ''],
    ['a bad entry after a good one', 'http:80/tcp,oops', 'oops'],
  ])('throws on %s, naming the entry', (_, encoded, badEntry) => {
    expect(() => decodePorts(encoded)).toThrow(`Malformed port label entry '${badEntry}' in '${encoded}'`);
  });
});

describe('labelFilter', () => {
  it('turns each label into a key=value filter', () => {
    expect(labelFilter({ [LABEL_KEYS.appId]: 'kurtosis', [LABEL_KEYS.enclaveId]: 'my-enclave' })).toEqual({
      label: ['com.kurtosistech.app-id=kurtosis', 'com.kurtosistech.enclave-id=my-enclave'],
    });
  });

  it('gives an empty filter for no labels', () => {
    expect(labelFilter({})).toEqual({ label: [] });
  });
});

describe('enclaveLabels', () => {
  it('tags an object with the app ID and its enclave', () => {
    expect(enclaveLabels('my-enclave')).toEqual({
      'com.kurtosistech.app-id': 'kurtosis',
      'com.kurtosistech.enclave-id': 'my-enclave',
    });
  });
});

describe('containerLabels', () => {
  it('labels an enclave container with app ID, enclave ID and container type', () => {
    expect(containerLabels('my-enclave', 'api-container')).toEqual({
      'com.kurtosistech.app-id': APP_ID,
      'com.kurtosistech.enclave-id': 'my-enclave',
      'com.kurtosistech.container-type': 'api-container',
    });
  });

  it('has no enclave label for a container outside any enclave', () => {
    const labels = containerLabels(undefined, 'kurtosis-engine');
    expect(labels).toEqual({
      'com.kurtosistech.app-id': APP_ID,
      'com.kurtosistech.container-type': 'kurtosis-engine',
    });
    expect(labels).not.toHaveProperty(LABEL_KEYS.enclaveId);
  });

  it('adds the extra labels', () => {
    const labels = containerLabels('e', 'user-service', { [LABEL_KEYS.id]: 'svc', [LABEL_KEYS.guid]: 'svc-123' });
    expect(labels).toMatchObject({
      'com.kurtosistech.container-type': 'user-service',
      'com.kurtosistech.id': 'svc',
      'com.kurtosistech.guid': 'svc-123',
    });
  });
});

describe('port label edge cases', () => {
  it.each(['a:99999/tcp', 'b:0/tcp', 'a:1/tcp,a:2/udp'])('decodePorts refuses %p', (encoded) => {
    expect(() => decodePorts(encoded)).toThrow('Malformed port label entry');
  });

  it.each(['a:b', 'a,b', ''])('encodePorts refuses port ID %p', (id) => {
    expect(() => encodePorts({ [id]: { number: 1, protocol: 'tcp' } })).toThrow(`Port ID '${id}'`);
  });
});

describe('objectKindOf', () => {
  it.each([
    ['kurtosis-engine', 'engine'],
    ['api-container', 'api-container'],
    ['user-service', 'user-service'],
    ['networking-sidecar', 'networking-sidecar'],
    ['module', 'module'],
    ['files-artifact-expander', 'files-artifact-expander'],
  ])('reads %s as %s', (label, kind) => {
    expect(objectKindOf(label)).toBe(kind);
  });

  it('knows no other type', () => {
    expect(objectKindOf('engine')).toBeUndefined();
    expect(objectKindOf(undefined)).toBeUndefined();
  });
});

describe('isKurtosisLabelled', () => {
  it.each([
    ['an API container', { [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.enclaveId]: 'other', [LABEL_KEYS.containerType]: 'api-container' }, true],
    ['an engine', { [LABEL_KEYS.appId]: APP_ID, [LABEL_KEYS.containerType]: 'kurtosis-engine' }, true],
    ['a container claiming an enclave', { [LABEL_KEYS.enclaveId]: 'other' }, true],
    ['a container with labels of its own', { 'com.kurtosistech.test': 'x', other: 'y' }, false],
    ['an unlabelled container', {}, false],
  ])('says whether %s is ours', (_name, labels, ours) => {
    expect(isKurtosisLabelled(labels)).toBe(ours);
  });
});
