import { parseId, trustedId } from '@kurtosis-ts/domain';
import type { EngineGuid, ModuleGuid, ServiceGuid } from '@kurtosis-ts/domain';
import { containerRefOf, dataVolumeName, describeRef, dockerNameStartingWith, explainReservedEnclaveId, filesArtifactVolumeName, stateVolumeName } from './docker-names';

const enclaveId = parseId('enclave', 'e');
const guid = trustedId<ServiceGuid>('web-1');

describe('Docker names', () => {
  it('names the enclave volumes after the enclave', () => {
    expect(dataVolumeName(enclaveId)).toBe('kurtosis-enclave--e--data');
    expect(stateVolumeName(enclaveId)).toBe('kurtosis-enclave--e--api-container-state');
    expect(filesArtifactVolumeName(enclaveId, guid, parseId('files artifact', 'site'))).toBe('e--web-1--site');
  });

  it.each([
    [{ kind: 'engine', guid: trustedId<EngineGuid>('0123456789ab') }, '0123456789ab'],
    [{ kind: 'api-container', enclaveId }, 'kurtosis-api--e'],
    [{ kind: 'user-service', enclaveId, guid }, 'e--web-1'],
    [{ kind: 'networking-sidecar', enclaveId, guid }, 'e--sidecar--web-1'],
    [{ kind: 'module', enclaveId, guid: trustedId<ModuleGuid>('army-2') }, 'e--module--army-2'],
    [{ kind: 'files-artifact-expander', enclaveId, guid, artifactId: parseId('files artifact', 'site') }, 'e--expander--web-1--site'],
  ] as const)('addresses %p as %s', (ref, name) => {
    expect(containerRefOf(ref)).toBe(name);
    expect(describeRef(ref)).toContain(ref.kind === 'api-container' ? "enclave 'e'" : name);
  });
});

describe('explainReservedEnclaveId', () => {
  it.each(['bridge', 'host', 'none', 'default'])("refuses '%s', the name of one of Docker's own networks", (id) => {
    expect(explainReservedEnclaveId(id)).toBe(`enclave ID '${id}' is reserved by Docker for its own networks; the reserved IDs are bridge, host, none, default`);
  });

  it('accepts IDs that merely contain a reserved name', () => {
    expect(explainReservedEnclaveId('bridge-1')).toBeUndefined();
    expect(explainReservedEnclaveId('hosts')).toBeUndefined();
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

describe('names of enclaves of the original alphabet', () => {
  const dotted = parseId('enclave', '_my_test.1');
  const valid = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

  it('start with a letter or digit wherever the ID begins a container or volume name', () => {
    const refs = [
      { kind: 'user-service', enclaveId: dotted, guid },
      { kind: 'networking-sidecar', enclaveId: dotted, guid },
      { kind: 'module', enclaveId: dotted, guid: trustedId<ModuleGuid>('army-2') },
      { kind: 'files-artifact-expander', enclaveId: dotted, guid, artifactId: parseId('files artifact', 'site') },
      { kind: 'api-container', enclaveId: dotted },
    ] as const;
    for (const ref of refs) expect(containerRefOf(ref)).toMatch(valid);
    expect(containerRefOf(refs[0])).toBe('kt_my_test.1--web-1');
    expect(filesArtifactVolumeName(dotted, guid, parseId('files artifact', 'site'))).toBe('kt_my_test.1--web-1--site');
    expect(dataVolumeName(dotted)).toBe('kurtosis-enclave--_my_test.1--data');
  });

  it('keep the names of IDs that were valid before', () => {
    expect(containerRefOf({ kind: 'user-service', enclaveId, guid })).toBe('e--web-1');
    expect(containerRefOf({ kind: 'module', enclaveId: parseId('enclave', 'My.Enclave'), guid: trustedId<ModuleGuid>('m-1') })).toBe('My.Enclave--module--m-1');
  });
});
