import { status } from '@grpc/grpc-js';
import { apiContainerApi, notFound } from '@kurtosis-ts/protos';
import type { BulkCommand } from './bulk-document';
import { replacePlaceholders, withServiceIps } from './service-ip-placeholders';

const ips: Record<string, string> = { db: '172.16.0.3', web: '172.16.0.4' };
const ipOf = (id: string) => {
  const ip = ips[id];
  if (!ip) throw notFound(`No service with ID '${id}' is registered in this enclave`);
  return ip;
};

describe('replacePlaceholders', () => {
  it('replaces every placeholder, non-greedily', () => {
    expect(replacePlaceholders('<<<db>>>:5432 and <<<web>>>:80', ipOf)).toBe('172.16.0.3:5432 and 172.16.0.4:80');
  });

  it('leaves text without placeholders alone', () => {
    expect(replacePlaceholders('<<db>> <<< >> plain', ipOf)).toBe('<<db>> <<< >> plain');
  });

  it('fails NOT_FOUND naming an unknown service', () => {
    expect(() => replacePlaceholders('<<<ghost>>>', ipOf)).toThrow(expect.objectContaining({ code: status.NOT_FOUND, message: expect.stringContaining("'ghost'") }));
  });
});

describe('withServiceIps', () => {
  it('replaces in every START_SERVICE field that takes placeholders, and only those', () => {
    const command: BulkCommand = {
      type: 'START_SERVICE',
      args: apiContainerApi.StartServiceArgs.fromPartial({
        serviceId: '<<<db>>>',
        dockerImage: 'img:<<<db>>>',
        entrypointArgs: ['--db=<<<db>>>'],
        cmdArgs: ['<<<web>>>'],
        dockerEnvVars: { DB: '<<<db>>>:5432', 'KEY_<<<db>>>': 'x' },
        enclaveDataDirMntDirpath: '/data/<<<web>>>',
        filesArtifactMountDirpaths: { art: '/files/<<<db>>>' },
      }),
    };
    expect(withServiceIps(command, ipOf).args).toEqual(
      apiContainerApi.StartServiceArgs.fromPartial({
        serviceId: '<<<db>>>',
        dockerImage: 'img:<<<db>>>',
        entrypointArgs: ['--db=172.16.0.3'],
        cmdArgs: ['172.16.0.4'],
        dockerEnvVars: { DB: '172.16.0.3:5432', 'KEY_<<<db>>>': 'x' },
        enclaveDataDirMntDirpath: '/data/172.16.0.4',
        filesArtifactMountDirpaths: { art: '/files/172.16.0.3' },
      }),
    );
  });

  it('replaces in EXEC_COMMAND args and in WAIT_FOR paths and body texts', () => {
    expect(withServiceIps({ type: 'EXEC_COMMAND', args: { serviceId: 'web', commandArgs: ['ping', '<<<db>>>'] } }, ipOf).args).toEqual({
      serviceId: 'web',
      commandArgs: ['ping', '172.16.0.3'],
    });
    const wait = withServiceIps(
      {
        type: 'WAIT_FOR_HTTP_POST_ENDPOINT_AVAILABILITY',
        args: apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs.fromPartial({ serviceId: 'web', path: 'peers/<<<db>>>', requestBody: '<<<db>>>', bodyText: 'ok <<<web>>>' }),
      },
      ipOf,
    ).args;
    expect(wait).toMatchObject({ path: 'peers/172.16.0.3', requestBody: '<<<db>>>', bodyText: 'ok 172.16.0.4' });
    const waitGet = withServiceIps(
      {
        type: 'WAIT_FOR_HTTP_GET_ENDPOINT_AVAILABILITY',
        args: apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs.fromPartial({ serviceId: '<<<web>>>', path: 'peers/<<<db>>>', bodyText: '<<<web>>>' }),
      },
      ipOf,
    ).args;
    expect(waitGet).toMatchObject({ serviceId: '<<<web>>>', path: 'peers/172.16.0.3', bodyText: '172.16.0.4' });
  });

  it('leaves other commands as they are', () => {
    const command: BulkCommand = { type: 'REGISTER_SERVICE', args: { serviceId: '<<<db>>>', partitionId: '' } };
    expect(withServiceIps(command, ipOf)).toBe(command);
  });
});
