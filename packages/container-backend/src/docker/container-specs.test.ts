import { decodePorts } from './labels';
import type { CreateEngineConfig } from '../backend/configs';
import type { ApiContainerSpecInput, DockerEnclave, UserServiceSpecInput } from './container-specs';
import {
  apiContainerSpec,
  explainInvalidMountTarget,
  engineContainerSpec,
  filesArtifactExpanderSpec,
  moduleContainerSpec,
  networkingSidecarContainerSpec,
  userServiceContainerSpec,
} from './container-specs';

const enclave: DockerEnclave = {
  id: 'my-enclave',
  networkName: 'kt-my-enclave',
  dataVolumeName: 'kt-my-enclave-data',
  stateVolumeName: 'kt-my-enclave-state',
};

function serviceConfig(overrides: Partial<UserServiceSpecInput> = {}): UserServiceSpecInput {
  return {
    serviceId: 'datastore',
    guid: 'datastore-1700000000',
    image: 'kurtosistech/example-datastore-server',
    ip: '172.16.3.5',
    ports: {
      grpc: { number: 1323, protocol: 'tcp' },
      dns: { number: 53, protocol: 'udp' },
    },
    entrypoint: [],
    cmd: [],
    env: { FOO: 'bar', EMPTY: '' },
    dataDirMountpoint: '',
    ...overrides,
  };
}

describe('userServiceContainerSpec', () => {
  it('uses the given name and image', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig(), 'kt-datastore');
    expect(spec.name).toBe('kt-datastore');
    expect(spec.Image).toBe('kurtosistech/example-datastore-server');
  });

  it("leaves out Entrypoint and Cmd when empty, so the image's own apply", () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig(), 'n');
    expect(spec).not.toHaveProperty('Entrypoint');
    expect(spec).not.toHaveProperty('Cmd');
  });

  it('sets Entrypoint and Cmd when given', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig({ entrypoint: ['/bin/sh', '-c'], cmd: ['echo hi'] }), 'n');
    expect(spec.Entrypoint).toEqual(['/bin/sh', '-c']);
    expect(spec.Cmd).toEqual(['echo hi']);
  });

  it('sets Cmd without Entrypoint when only Cmd is given', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig({ cmd: ['--verbose'] }), 'n');
    expect(spec).not.toHaveProperty('Entrypoint');
    expect(spec.Cmd).toEqual(['--verbose']);
  });

  it('passes the environment as KEY=value', () => {
    expect(userServiceContainerSpec(enclave, serviceConfig(), 'n').Env).toEqual(['FOO=bar', 'EMPTY=']);
  });

  it('exposes every port and publishes it on 127.0.0.1 on a port Docker picks', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig(), 'n');
    expect(spec.ExposedPorts).toEqual({ '1323/tcp': {}, '53/udp': {} });
    expect(spec.HostConfig?.PortBindings).toEqual({
      '1323/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
  });

  it('exposes nothing for a service without ports', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig({ ports: {} }), 'n');
    expect(spec.ExposedPorts).toEqual({});
    expect(spec.HostConfig?.PortBindings).toEqual({});
  });

  it('joins the enclave network at its static IP, reachable by its service ID', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig(), 'n');
    expect(spec.HostConfig?.NetworkMode).toBe('kt-my-enclave');
    expect(spec.NetworkingConfig).toEqual({
      EndpointsConfig: {
        'kt-my-enclave': { IPAMConfig: { IPv4Address: '172.16.3.5' }, Aliases: ['datastore'] },
      },
    });
  });

  it('labels the container as a user service of its enclave', () => {
    const labels = userServiceContainerSpec(enclave, serviceConfig(), 'n').Labels;
    expect(labels).toMatchObject({
      'com.kurtosistech.app-id': 'kurtosis',
      'com.kurtosistech.enclave-id': 'my-enclave',
      'com.kurtosistech.container-type': 'user-service',
      'com.kurtosistech.id': 'datastore',
      'com.kurtosistech.guid': 'datastore-1700000000',
      'com.kurtosistech.private-ip': '172.16.3.5',
    });
  });

  it('records its ports in a label that decodes back to them', () => {
    const config = serviceConfig();
    const labels = userServiceContainerSpec(enclave, config, 'n').Labels ?? {};
    expect(decodePorts(labels['com.kurtosistech.ports'])).toEqual(config.ports);
  });

  it('mounts nothing when there is no data directory', () => {
    expect(userServiceContainerSpec(enclave, serviceConfig(), 'n').HostConfig?.Mounts).toEqual([]);
  });

  it('mounts the enclave data volume at the data directory when given', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig({ dataDirMountpoint: '/kurtosis-data' }), 'n');
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'kt-my-enclave-data', Target: '/kurtosis-data', ReadOnly: false }]);
  });
});

describe('apiContainerSpec', () => {
  const config: ApiContainerSpecInput = {
    image: 'kurtosistech/kurtosis-core_api',
    ip: '172.16.3.2',
    port: 7443,
    env: { SERIALIZED_ARGS: '{"a":1}' },
    dataDirMountpoint: '/kurtosis-enclave-data',
    stateDirMountpoint: '/kurtosis-api-container-state',
  };
  const spec = apiContainerSpec(enclave, config, 'kt-my-enclave-api');

  it('uses the given name, image and environment', () => {
    expect(spec.name).toBe('kt-my-enclave-api');
    expect(spec.Image).toBe('kurtosistech/kurtosis-core_api');
    expect(spec.Env).toEqual(['SERIALIZED_ARGS={"a":1}']);
  });

  it('mounts the Docker socket, the enclave data volume and its own state volume', () => {
    expect(spec.HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' },
      { Type: 'volume', Source: 'kt-my-enclave-data', Target: '/kurtosis-enclave-data', ReadOnly: false },
      { Type: 'volume', Source: 'kt-my-enclave-state', Target: '/kurtosis-api-container-state', ReadOnly: false },
    ]);
  });

  it('comes back after a crash or a daemon restart, not after a deliberate stop', () => {
    expect(spec.HostConfig?.RestartPolicy).toEqual({ Name: 'unless-stopped' });
  });

  it('publishes its port on 127.0.0.1 only', () => {
    expect(spec.ExposedPorts).toEqual({ '7443/tcp': {} });
    expect(spec.HostConfig?.PortBindings).toEqual({ '7443/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('joins the enclave network at its static IP', () => {
    expect(spec.HostConfig?.NetworkMode).toBe('kt-my-enclave');
    expect(spec.NetworkingConfig?.EndpointsConfig?.['kt-my-enclave']?.IPAMConfig?.IPv4Address).toBe('172.16.3.2');
  });

  it('labels the container as the API container of its enclave, with its IP and port', () => {
    const labels = spec.Labels ?? {};
    expect(labels).toMatchObject({
      'com.kurtosistech.app-id': 'kurtosis',
      'com.kurtosistech.enclave-id': 'my-enclave',
      'com.kurtosistech.container-type': 'api-container',
      'com.kurtosistech.private-ip': '172.16.3.2',
    });
    expect(decodePorts(labels['com.kurtosistech.ports'])).toEqual({ api: { number: 7443, protocol: 'tcp' } });
  });
});

describe('engineContainerSpec', () => {
  const config = (overrides: Partial<CreateEngineConfig> = {}): CreateEngineConfig => ({
    image: 'kurtosistech/kurtosis-engine-server:1.2.3',
    version: '1.2.3',
    hostPort: 9710,
    ...overrides,
  });

  it.each([
    [0, ''],
    [9710, '9710'],
    [19710, '19710'],
  ])('publishes port 9710 on 127.0.0.1, host port %i as %p', (hostPort, expected) => {
    const spec = engineContainerSpec(config({ hostPort }), 'kurtosis-engine');
    expect(spec.ExposedPorts).toEqual({ '9710/tcp': {} });
    expect(spec.HostConfig?.PortBindings).toEqual({ '9710/tcp': [{ HostIp: '127.0.0.1', HostPort: expected }] });
  });

  it('labels the container as the engine, with its version and no enclave', () => {
    const labels = engineContainerSpec(config(), 'kurtosis-engine').Labels;
    expect(labels).toEqual({
      'com.kurtosistech.app-id': 'kurtosis',
      'com.kurtosistech.container-type': 'kurtosis-engine',
      'com.kurtosistech.id': '1.2.3',
    });
  });

  it('mounts the Docker socket and restarts unless stopped deliberately', () => {
    const hostConfig = engineContainerSpec(config(), 'e').HostConfig;
    expect(hostConfig?.Mounts).toEqual([{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' }]);
    expect(hostConfig?.RestartPolicy).toEqual({ Name: 'unless-stopped' });
  });

  it('uses the given name and image, with an empty environment by default', () => {
    const spec = engineContainerSpec(config(), 'kurtosis-engine');
    expect(spec.name).toBe('kurtosis-engine');
    expect(spec.Image).toBe('kurtosistech/kurtosis-engine-server:1.2.3');
    expect(spec.Env).toEqual([]);
  });

  it('passes the given environment as KEY=value', () => {
    expect(engineContainerSpec(config({ env: { LOG_LEVEL: 'debug' } }), 'e').Env).toEqual(['LOG_LEVEL=debug']);
  });
});

describe('a service in a partitioned enclave', () => {
  it('joins its sidecar’s namespace and leaves IP, alias and ports to it', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig({ networkOwnerContainerId: 'sidecar-1' }), 'svc');
    expect(spec.HostConfig?.NetworkMode).toBe('container:sidecar-1');
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
    expect(spec.ExposedPorts).toBeUndefined();
    expect(spec.NetworkingConfig).toBeUndefined();
    // Still labelled with what it is, for reading back.
    expect(spec.Labels?.['com.kurtosistech.private-ip']).toBe('172.16.3.5');
  });

  it('gets a NET_ADMIN sidecar that owns the IP, the alias and the loopback ports', () => {
    const spec = networkingSidecarContainerSpec(
      enclave,
      { serviceId: 'datastore', guid: 'datastore-1', image: 'kurtosis-ts/networking-sidecar:0.1.0', ip: '172.16.3.5', ports: { grpc: { number: 1323, protocol: 'tcp' } } },
      'sidecar',
    );
    expect(spec.HostConfig?.CapAdd).toEqual(['NET_ADMIN']);
    expect(spec.HostConfig?.PortBindings).toEqual({ '1323/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(spec.NetworkingConfig?.EndpointsConfig?.['kt-my-enclave']).toEqual({ IPAMConfig: { IPv4Address: '172.16.3.5' }, Aliases: ['datastore'] });
    expect(spec.Labels?.['com.kurtosistech.container-type']).toBe('networking-sidecar');
    expect(spec.Labels?.['com.kurtosistech.guid']).toBe('datastore-1');
  });
});

describe('files artifacts and modules', () => {
  it('mounts expanded artifact volumes into the service', () => {
    const spec = userServiceContainerSpec(enclave, serviceConfig({ dataDirMountpoint: '/data', volumeMounts: { 'vol-a': '/opt/a' } }), 'svc');
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'kt-my-enclave-data', Target: '/data', ReadOnly: false }, { Type: 'volume', Source: 'vol-a', Target: '/opt/a', ReadOnly: false }]);
  });

  it('expands an archive with tar as argv, the state volume read-only, and no network', () => {
    const spec = filesArtifactExpanderSpec(
      enclave,
      { serviceGuid: 'svc-1', artifactId: 'bundle', archiveRelativePath: 'artifacts/bundle.tgz', image: 'img' },
      'vol-x',
      'expander',
    );
    expect([...(spec.Entrypoint as string[]), ...(spec.Cmd as string[])]).toEqual([
      'tar',
      '-xzf',
      '/kurtosis-api-container-state/artifacts/bundle.tgz',
      '-C',
      '/files-artifact',
    ]);
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'kt-my-enclave-state', Target: '/kurtosis-api-container-state', ReadOnly: true }, { Type: 'volume', Source: 'vol-x', Target: '/files-artifact', ReadOnly: false }]);
    expect(spec.HostConfig?.NetworkMode).toBe('none');
    expect(spec.Labels?.['com.kurtosistech.container-type']).toBe('files-artifact-expander');
  });

  it('starts a module with its own ENTRYPOINT and CMD, port 1111 on loopback and the data volume', () => {
    const spec = moduleContainerSpec(
      enclave,
      { moduleId: 'army', guid: 'army-1', image: 'mod', ip: '172.16.3.9', port: 1111, env: { SERIALIZED_ARGS: '{}' }, dataDirMountpoint: '/kurtosis-enclave-data' },
      'module',
    );
    expect(spec.Entrypoint).toBeUndefined();
    expect(spec.Cmd).toBeUndefined();
    expect(spec.Env).toEqual(['SERIALIZED_ARGS={}']);
    expect(spec.HostConfig?.PortBindings).toEqual({ '1111/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'kt-my-enclave-data', Target: '/kurtosis-enclave-data', ReadOnly: false }]);
    expect(spec.HostConfig?.RestartPolicy).toBeUndefined();
    expect(spec.Labels?.['com.kurtosistech.container-type']).toBe('module');
  });
});

describe('mount targets', () => {
  it.each([
    ['/x:ro', "':'"],
    ['relative/dir', 'absolute'],
    ['/', 'root'],
    ['/a/../etc', 'normalised'],
    ['/a//b', 'normalised'],
    ['/a/', 'normalised'],
    ['/a,b', "','"],
    ['/a\nb', 'line break'],
  ])('refuses %p (%s) before Docker sees it', (target, mentions) => {
    expect(explainInvalidMountTarget(target)).toContain(mentions);
    expect(() => userServiceContainerSpec(enclave, serviceConfig({ dataDirMountpoint: target }), 'n')).toThrow(mentions);
  });

  it.each(['/data', '/opt/my-app/config.d', '/kurtosis-enclave-data'])('accepts %p', (target) => {
    expect(explainInvalidMountTarget(target)).toBeUndefined();
  });
});
