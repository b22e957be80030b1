import { status } from '@grpc/grpc-js';
import { apiContainerApi } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import { DomainError } from '@kurtosis-ts/domain';
import { toStatusError } from '../grpc/to-status-error';
import { parseStartServiceArgs } from './start-service-request';

const { TCP, UDP, SCTP } = apiContainerApi.Port_Protocol;
const args = (fields: Partial<apiContainerApi.StartServiceArgs>) =>
  apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 's', dockerImage: 'img:1', ...fields });

function refusal(fields: Partial<apiContainerApi.StartServiceArgs>): StatusError {
  try {
    parseStartServiceArgs(args(fields));
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'test');
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseStartServiceArgs', () => {
  it('turns wire ports into port specs and keeps the rest as given', () => {
    expect(
      parseStartServiceArgs(
        args({
          privatePorts: { grpc: { number: 1323, protocol: TCP }, dns: { number: 53, protocol: UDP }, s: { number: 9, protocol: SCTP } },
          entrypointArgs: ['sh'],
          cmdArgs: ['-c', 'echo'],
          dockerEnvVars: { A: 'b=c' },
          enclaveDataDirMntDirpath: '/data',
        }),
      ),
    ).toEqual({
      serviceId: 's',
      image: 'img:1',
      ports: { grpc: { number: 1323, protocol: 'tcp' }, dns: { number: 53, protocol: 'udp' }, s: { number: 9, protocol: 'sctp' } },
      entrypoint: ['sh'],
      cmd: ['-c', 'echo'],
      env: { A: 'b=c' },
      dataDirMountpoint: '/data',
      filesArtifactMountpoints: {},
    });
  });

  it('allows the same number on two protocols', () => {
    expect(
      Object.keys(parseStartServiceArgs(args({ privatePorts: { a: { number: 53, protocol: TCP }, b: { number: 53, protocol: UDP } } })).ports),
    ).toEqual(['a', 'b']);
  });

  it.each([
    ['an empty image', { dockerImage: '' }, 'docker_image'],
    ['an image with spaces', { dockerImage: 'a b' }, "'a b'"],
    ['an empty port ID', { privatePorts: { '': { number: 1, protocol: TCP } } }, "port ID ''"],
    ["':' in a port ID", { privatePorts: { 'a:b': { number: 1, protocol: TCP } } }, "'a:b'"],
    ["',' in a port ID", { privatePorts: { 'a,b': { number: 1, protocol: TCP } } }, "'a,b'"],
    ['port 0', { privatePorts: { a: { number: 0, protocol: TCP } } }, '0 is not a port number'],
    ['port 65536', { privatePorts: { a: { number: 65536, protocol: TCP } } }, '65536 is not a port number'],
    ['an unknown protocol', { privatePorts: { a: { number: 1, protocol: 9 as apiContainerApi.Port_Protocol } } }, 'protocol 9'],
    ['one port under two IDs', { privatePorts: { a: { number: 1, protocol: TCP }, b: { number: 1, protocol: TCP } } }, "'a' and 'b'"],
    ["'=' in an env name", { dockerEnvVars: { 'A=B': '1' } }, "'A=B'"],
    ['an empty env name', { dockerEnvVars: { '': '1' } }, "''"],
    ['a relative data dir', { enclaveDataDirMntDirpath: 'data' }, "'data'"],
    ['a relative artifact mount path', { filesArtifactMountDirpaths: { art: 'files' } }, "'files'"],
    ['a data dir carrying a mount option', { enclaveDataDirMntDirpath: '/x:ro' }, "enclave_data_dir_mnt_dirpath '/x:ro'"],
    ['a data dir carrying a volume option', { enclaveDataDirMntDirpath: '/x,volume-opt=o=bind' }, 'Docker mount option syntax'],
    ['a data dir with a line break', { enclaveDataDirMntDirpath: '/x\n/y' }, 'enclave_data_dir_mnt_dirpath'],
    ['a data dir that is not normalised', { enclaveDataDirMntDirpath: '/a/../etc' }, 'normalised'],
    ['a data dir at the root', { enclaveDataDirMntDirpath: '/' }, 'root directory'],
    ['an artifact mount carrying an option', { filesArtifactMountDirpaths: { art: '/files:rw' } }, "files_artifact_mount_dirpaths['art'] '/files:rw'"],
    ['an artifact mount with a trailing slash', { filesArtifactMountDirpaths: { art: '/files/' } }, 'normalised'],
    ['two artifacts on one path', { filesArtifactMountDirpaths: { a: '/files', b: '/files' } }, "files_artifact_mount_dirpaths['a'] and files_artifact_mount_dirpaths['b'] are both mounted at '/files'"],
    ['an artifact on the data dir', { enclaveDataDirMntDirpath: '/data', filesArtifactMountDirpaths: { a: '/data' } }, "enclave_data_dir_mnt_dirpath and files_artifact_mount_dirpaths['a']"],
  ])('refuses %s', (_name, fields, mention) => {
    const err = refusal(fields);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
  });
});
