import type { ContainerAttachment } from '@kurtosis-ts/container-backend';
import { explainUnregistrable } from './external-container-check';

const reserved = { ip: '172.16.0.10', networkName: 'my-enclave' };
const container = (fields: Partial<ContainerAttachment>): ContainerAttachment => ({ containerId: 'f'.repeat(64), name: 'ext', labels: {}, enclaveIp: '172.16.0.10', ...fields });

describe('explainUnregistrable', () => {
  it('accepts an unlabelled container attached at the reserved IP', () => {
    expect(explainUnregistrable('ext', container({}), reserved)).toBeUndefined();
    // Labels that are not ours do not matter.
    expect(explainUnregistrable('ext', container({ labels: { 'com.kurtosistech.test': 'x', other: 'y' } }), reserved)).toBeUndefined();
  });

  it('says NOT_FOUND for a container that does not exist', () => {
    expect(explainUnregistrable('ghost', undefined, reserved)).toEqual({ kind: 'not-found', message: "Container 'ghost' does not exist on this Docker host" });
  });

  it.each([
    ['an API container', { 'com.kurtosistech.app-id': 'kurtosis', 'com.kurtosistech.enclave-id': 'other', 'com.kurtosistech.container-type': 'api-container' }],
    ['an engine', { 'com.kurtosistech.app-id': 'kurtosis', 'com.kurtosistech.container-type': 'kurtosis-engine' }],
    ['a service of another enclave', { 'com.kurtosistech.app-id': 'kurtosis', 'com.kurtosistech.enclave-id': 'other', 'com.kurtosistech.container-type': 'user-service' }],
    ['a container claiming an enclave', { 'com.kurtosistech.enclave-id': 'other' }],
  ])('refuses %s, naming it', (_name, labels) => {
    const refusal = explainUnregistrable('kurtosis-api--other', container({ labels }), reserved);
    expect(refusal?.kind).toBe('failed-precondition');
    expect(refusal?.message).toContain("Container 'kurtosis-api--other' is a Kurtosis container");
  });

  it('refuses a container not on the network, saying how to attach it', () => {
    const refusal = explainUnregistrable('ext', container({ enclaveIp: undefined }), reserved);
    expect(refusal?.kind).toBe('failed-precondition');
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
