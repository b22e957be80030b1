import type { ExternalContainer } from '@kurtosis-ts/container-backend';
import { explainUnregistrable } from './external-container-check';

// What the Docker backend answers (its own tests check it reads labels and networks so).
const reserved = {
  ip: '172.16.0.10',
  networkName: 'my-enclave',
  host: 'this Docker host',
  instructions: 'docker run --network my-enclave --ip 172.16.0.10 …, or docker network connect --ip 172.16.0.10 my-enclave <container>',
};
const container = (fields: Partial<ExternalContainer>): ExternalContainer => ({
  platformId: 'f'.repeat(64),
  name: 'ext',
  isKurtosisObject: false,
  kurtosisKind: '',
  enclaveIp: '172.16.0.10',
  ...fields,
});

describe('explainUnregistrable', () => {
  it('accepts a foreign container attached at the reserved IP', () => {
    expect(explainUnregistrable('ext', container({}), reserved)).toBeUndefined();
  });

  it('says NOT_FOUND for a container that does not exist', () => {
    expect(explainUnregistrable('ghost', undefined, reserved)).toEqual({ kind: 'not-found', message: "Container 'ghost' does not exist on this Docker host" });
  });

  it.each([
    ['an API container', { isKurtosisObject: true, kurtosisKind: 'api-container' }, " ('api-container')"],
    ['an engine', { isKurtosisObject: true, kurtosisKind: 'kurtosis-engine' }, " ('kurtosis-engine')"],
    ['a container claiming an enclave', { isKurtosisObject: true }, ''],
  ])('refuses %s, naming it', (_name, fields, type) => {
    const refusal = explainUnregistrable('kurtosis-api--other', container(fields), reserved);
    expect(refusal?.kind).toBe('precondition');
    expect(refusal?.message).toContain(`Container 'kurtosis-api--other' is a Kurtosis container${type}:`);
  });

  it('refuses a container not on the network, saying how to attach it', () => {
    const refusal = explainUnregistrable('ext', container({ enclaveIp: undefined }), reserved);
    expect(refusal?.kind).toBe('precondition');
    expect(refusal?.message).toContain("Container 'ext' is not attached to enclave network 'my-enclave' at the reserved IP 172.16.0.10 (it is not attached to that network)");
    expect(refusal?.message).toContain('docker run --network my-enclave --ip 172.16.0.10');
  });

  it('refuses a container at another IP of the network', () => {
    expect(explainUnregistrable('ext', container({ enclaveIp: '172.16.0.11' }), reserved)?.message).toContain('it is attached at 172.16.0.11');
  });

  it('quotes a long name short', () => {
    expect(explainUnregistrable('x'.repeat(100_000), undefined, reserved)?.message.length).toBeLessThan(300);
  });
});
