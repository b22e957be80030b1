import { parseSerializedArgs, SERIALIZED_ARGS_ENV_VAR } from './serialized-args';

const valid = {
  enclaveId: 'e',
  listenPortNum: 1111,
  apiContainerSocket: '172.16.0.2:7443',
  serializedCustomParams: '{}',
  enclaveDataDirMountpoint: '/kurtosis-enclave-data',
};
const env = (value: unknown) => ({ [SERIALIZED_ARGS_ENV_VAR]: typeof value === 'string' ? value : JSON.stringify(value) });

describe('parseSerializedArgs', () => {
  it('reads the five keys of the launch contract', () => {
    expect(parseSerializedArgs(env(valid))).toEqual(valid);
  });

  it.each(['enclaveId', 'apiContainerSocket', 'serializedCustomParams', 'enclaveDataDirMountpoint', 'listenPortNum'])('names a missing %s', (key) => {
    const { [key as keyof typeof valid]: _dropped, ...rest } = valid;
    expect(() => parseSerializedArgs(env(rest))).toThrow(`'${key}'`);
  });

  it.each(['enclaveId', 'apiContainerSocket', 'serializedCustomParams', 'enclaveDataDirMountpoint'])('names a blank %s', (key) => {
    expect(() => parseSerializedArgs(env({ ...valid, [key]: '   ' }))).toThrow(`'${key}' must not be empty or blank`);
    expect(() => parseSerializedArgs(env({ ...valid, [key]: '' }))).toThrow(`'${key}' must not be empty or blank`);
  });

  it.each([
    ['unset', {}, 'is not set'],
    ['blank', env(' '), 'is not set'],
    ['not JSON', env('{oops'), 'is not valid JSON'],
    ['a port out of range', env({ ...valid, listenPortNum: 70000 }), "'listenPortNum'"],
    ['a port as a string', env({ ...valid, listenPortNum: '1111' }), "'listenPortNum'"],
  ])('refuses a value that is %s', (_name, environment, mention) => {
    expect(() => parseSerializedArgs(environment)).toThrow(mention);
  });
});
