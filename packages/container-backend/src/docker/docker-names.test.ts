import { parseId, trustedId } from '@kurtosis-ts/domain';
import type { EngineGuid, ModuleGuid, ServiceGuid } from '@kurtosis-ts/domain';
import { containerRefOf, dataVolumeName, describeRef, explainReservedEnclaveId, filesArtifactVolumeName, stateVolumeName } from './docker-names';

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
