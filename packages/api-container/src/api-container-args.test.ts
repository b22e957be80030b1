import { API_CONTAINER_ARGS_ENV_VAR } from '@kurtosis-ts/protos';
import { parseApiContainerArgs, pinoLevel } from './api-container-args';

const valid = {
  enclaveId: 'e',
  ownIpAddress: '172.16.0.2',
  listenPort: 7443,
  isPartitioningEnabled: true,
  logLevel: 'debug',
  version: '0.1.0',
};
const env = (value: unknown) => ({ [API_CONTAINER_ARGS_ENV_VAR]: typeof value === 'string' ? value : JSON.stringify(value) });

describe('parseApiContainerArgs', () => {
  it('reads a complete document', () => {
    expect(parseApiContainerArgs(env(valid))).toEqual(valid);
  });

  it.each([
    ['missing', {}, 'is not set'],
    ['blank', env('  '), 'is not set'],
    ['not JSON', env('{nope'), 'is not valid JSON'],
    ['without enclaveId', env({ ...valid, enclaveId: undefined }), 'enclaveId'],
    ['with a blank enclaveId', env({ ...valid, enclaveId: '  ' }), 'enclaveId'],
    ['with a bad IP', env({ ...valid, ownIpAddress: '999.1.1.1' }), 'ownIpAddress'],
    ['with port 0', env({ ...valid, listenPort: 0 }), 'listenPort'],
    ['with a string flag', env({ ...valid, isPartitioningEnabled: 'yes' }), 'isPartitioningEnabled'],
  ])('refuses a value that is %s, naming the problem', (_name, environment, mention) => {
    expect(() => parseApiContainerArgs(environment)).toThrow(mention);
  });
});

describe('pinoLevel', () => {
  it.each([
    ['info', 'info'],
    ['DEBUG', 'debug'],
    ['warning', 'warn'],
    ['panic', 'fatal'],
    ['nonsense', 'info'],
  ])('%s → %s', (given, expected) => {
    expect(pinoLevel(given)).toBe(expected);
  });
});
