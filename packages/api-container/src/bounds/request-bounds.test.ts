import { status } from '@grpc/grpc-js';
import { apiContainerApi, MAX_STATUS_MESSAGE_BYTES } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import { DomainError } from '@kurtosis-ts/domain';
import { toStatusError } from '../grpc/to-status-error';
import { parseStartServiceArgs } from '../service/start-service-request';
import {
  MAX_FILES_ARTIFACTS_PER_CALL,
  MAX_IMAGE_REFERENCE_CHARS,
  MAX_PORTS_PER_SERVICE,
  MAX_PROCESS_STRING_BYTES,
  MAX_STOP_TIMEOUT_SECONDS,
  MAX_WAIT_DELAY_MILLISECONDS,
  MAX_WAIT_RETRIES,
  validateFilesArtifactCount,
  validateImageReferenceLength,
  validateModuleParamsSize,
  validateProcessStrings,
  validateStopTimeout,
  validateWaitSchedule,
} from './request-bounds';

function refusal(check: () => void): StatusError {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'test');
    throw err;
  }
  throw new Error('expected a refusal');
}

function expectRefused(check: () => void, ...mentions: string[]): void {
  const err = refusal(check);
  expect(err.code).toBe(status.INVALID_ARGUMENT);
  for (const mention of mentions) expect(err.message).toContain(mention);
  expect(Buffer.byteLength(err.message)).toBeLessThan(MAX_STATUS_MESSAGE_BYTES / 4);
}

const wait = (fields: Partial<Parameters<typeof validateWaitSchedule>[0]>) => () =>
  validateWaitSchedule({ initialDelayMilliseconds: 0, retries: 0, retriesDelayMilliseconds: 0, ...fields });

describe('validateWaitSchedule', () => {
  it.each([
    {},
    { initialDelayMilliseconds: MAX_WAIT_DELAY_MILLISECONDS },
    { retries: MAX_WAIT_RETRIES, retriesDelayMilliseconds: 360 },
    { retries: 7, retriesDelayMilliseconds: MAX_WAIT_DELAY_MILLISECONDS - 1 },
    // Exactly the total bound: 10 minutes, then 5 gaps of 10 minutes.
    { initialDelayMilliseconds: 600_000, retries: 6, retriesDelayMilliseconds: 600_000 },
    // retries 0 is one attempt: there is no gap to wait, whatever the delay.
    { retries: 0, retriesDelayMilliseconds: MAX_WAIT_DELAY_MILLISECONDS },
  ])('accepts %o', (fields) => {
    expect(wait(fields)).not.toThrow();
  });

  it.each<[object, string[]]>([
    [{ initialDelayMilliseconds: MAX_WAIT_DELAY_MILLISECONDS + 1 }, ['initial_delay_milliseconds is 600001 ms', 'maximum is 600000 ms']],
    // What Node would have turned into a 1 ms timer.
    [{ initialDelayMilliseconds: 2 ** 31 }, ['initial_delay_milliseconds is 2147483648 ms']],
    [{ retriesDelayMilliseconds: 4_294_967_295, retries: 2 }, ['retries_delay_milliseconds is 4294967295 ms', 'maximum is 600000 ms']],
    [{ retries: MAX_WAIT_RETRIES + 1 }, ['retries is 10001', 'maximum is 10000']],
    [{ retries: 10_000, retriesDelayMilliseconds: 1_000 }, ['(retries - 1) × retries_delay_milliseconds is 9999000 ms', 'maximum is 3600000 ms (1 hour)']],
    [{ initialDelayMilliseconds: 600_000, retries: 7, retriesDelayMilliseconds: 600_000 }, ['is 4200000 ms', 'maximum is 3600000 ms']],
  ])('refuses %o naming the field and the maximum', (fields, mentions) => {
    expectRefused(wait(fields), ...mentions);
  });
});

describe('validateStopTimeout', () => {
  it('accepts 0 to 10 minutes and refuses more, naming the field', () => {
    expect(() => validateStopTimeout('stop_timeout_seconds', 0)).not.toThrow();
    expect(() => validateStopTimeout('stop_timeout_seconds', MAX_STOP_TIMEOUT_SECONDS)).not.toThrow();
    expectRefused(() => validateStopTimeout('container_stop_timeout_seconds', 601), 'container_stop_timeout_seconds is 601 s', 'maximum is 600 s');
    expectRefused(() => validateStopTimeout('stop_timeout_seconds', 2 ** 64), 'stop_timeout_seconds is 18446744073709552000 s');
  });
});

describe('validateImageReferenceLength', () => {
  it('refuses a reference longer than any Docker accepts, quoting only its start', () => {
    expect(() => validateImageReferenceLength('docker_image', `${'a'.repeat(255)}:${'t'.repeat(128)}`)).not.toThrow();
    expectRefused(() => validateImageReferenceLength('docker_image', 'x'.repeat(MAX_IMAGE_REFERENCE_CHARS + 1)), 'docker_image', '(1025 characters)', 'maximum is 1024');
  });
});

describe('validateProcessStrings', () => {
  it('accepts arguments and variables within the kernel limits', () => {
    expect(() =>
      validateProcessStrings({ argv: { entrypoint_args: ['a'.repeat(100 * 1024)], cmd_args: ['b'] }, env: { docker_env_vars: { A: 'v'.repeat(100 * 1024) } } }),
    ).not.toThrow();
  });

  it('refuses one argument above 128 KiB, naming it', () => {
    expectRefused(() => validateProcessStrings({ argv: { cmd_args: ['ok', 'x'.repeat(MAX_PROCESS_STRING_BYTES + 1)] } }), 'cmd_args[1] is 131072 bytes', 'maximum is 131071');
  });

  it('counts NAME=value of a variable, and bytes rather than characters', () => {
    // 65 536 × 'é' is 131 072 bytes.
    expectRefused(() => validateProcessStrings({ argv: {}, env: { docker_env_vars: { BIG: 'é'.repeat(65_536) } } }), "docker_env_vars 'BIG' is 131076 bytes");
    expectRefused(() => validateProcessStrings({ argv: {}, env: { docker_env_vars: { ['N'.repeat(100 * 1024)]: 'v'.repeat(40 * 1024) } } }), "docker_env_vars 'NNN", '(102400 characters)');
  });

  it('refuses a 3 MB variable and a total above 1 MiB', () => {
    expectRefused(() => validateProcessStrings({ argv: {}, env: { docker_env_vars: { HUGE: 'x'.repeat(3_000_000) } } }), "docker_env_vars 'HUGE' is 3000005 bytes");
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`V${i}`, 'x'.repeat(120_000)]));
    expectRefused(() => validateProcessStrings({ argv: { entrypoint_args: [], cmd_args: [] }, env: { docker_env_vars: many } }), 'entrypoint_args, cmd_args, docker_env_vars add up to 1200040 bytes', 'maximum for one process is 1048576');
  });
});

describe('validateModuleParamsSize', () => {
  it('counts the params as SERIALIZED_ARGS will hold them, escaped', () => {
    expect(() => validateModuleParamsSize(`{"v":"${'x'.repeat(100 * 1024)}"}`)).not.toThrow();
    // Every quote doubles once escaped.
    expectRefused(() => validateModuleParamsSize('"'.repeat(70_000)), 'serialized_params takes 140002 bytes', 'maximum is 130047');
  });
});

describe('validateFilesArtifactCount', () => {
  it('refuses more artifacts than one call may download', () => {
    expect(() => validateFilesArtifactCount(MAX_FILES_ARTIFACTS_PER_CALL)).not.toThrow();
    expectRefused(() => validateFilesArtifactCount(101), 'files_artifact_urls is 101 entries', 'maximum is 100');
  });
});

describe('where the bounds apply: parseStartServiceArgs', () => {
  const args = (fields: Partial<apiContainerApi.StartServiceArgs>) => apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 's', dockerImage: 'img', ...fields });

  it('refuses an image reference, a variable and arguments above their maxima before anything else happens', () => {
    expectRefused(() => parseStartServiceArgs(args({ dockerImage: 'x'.repeat(2000) })), 'docker_image', 'maximum is 1024 characters');
    expectRefused(() => parseStartServiceArgs(args({ dockerEnvVars: { HUGE: 'v'.repeat(3_000_000) } })), "docker_env_vars 'HUGE' is 3000005 bytes");
    expectRefused(() => parseStartServiceArgs(args({ entrypointArgs: ['e'.repeat(MAX_PROCESS_STRING_BYTES + 1)] })), 'entrypoint_args[0]');
    expectRefused(() => parseStartServiceArgs(args({ cmdArgs: Array(10).fill('c'.repeat(120_000)) })), 'add up to');
  });

  it('quotes a huge port ID, environment variable name or mount path short', () => {
    const big = 'k'.repeat(100 * 1024);
    expectRefused(() => parseStartServiceArgs(args({ privatePorts: { [`-${big}`]: { number: 80, protocol: 0 } } })), '(102401 characters)');
    expectRefused(() => parseStartServiceArgs(args({ dockerEnvVars: { [`=${big}`]: 'v' } })), '(102401 characters)');
    expectRefused(() => parseStartServiceArgs(args({ enclaveDataDirMntDirpath: `rel/${big}` })), 'enclave_data_dir_mnt_dirpath');
  });
});

describe('validatePortCount', () => {
  const ports = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { number: 1000 + i, protocol: apiContainerApi.Port_Protocol.TCP }]));

  it('accepts up to the maximum', () => {
    expect(Object.keys(parseStartServiceArgs(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 's', dockerImage: 'i', privatePorts: ports(MAX_PORTS_PER_SERVICE) })).ports)).toHaveLength(
      MAX_PORTS_PER_SERVICE,
    );
  });

  it('refuses one more, naming the field and the maximum', () => {
    expectRefused(
      () => parseStartServiceArgs(apiContainerApi.StartServiceArgs.fromPartial({ serviceId: 's', dockerImage: 'i', privatePorts: ports(MAX_PORTS_PER_SERVICE + 1) })),
      'private_ports is 101 ports',
      'maximum is 100 ports',
    );
  });
});
