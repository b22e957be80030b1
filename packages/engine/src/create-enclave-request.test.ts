import { status } from '@grpc/grpc-js';
import { engineApi, StatusError } from '@kurtosis-ts/protos';
import { parseCreateEnclaveArgs } from './create-enclave-request';

const args = (fields: Partial<engineApi.CreateEnclaveArgs>) => engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: 'ok', ...fields });

function refusal(fields: Partial<engineApi.CreateEnclaveArgs>): StatusError {
  try {
    parseCreateEnclaveArgs(args(fields), '1.2.3');
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseCreateEnclaveArgs', () => {
  it('fills the defaults: the engine version as tag, info as log level', () => {
    expect(parseCreateEnclaveArgs(args({ isPartitioningEnabled: true }), '1.2.3')).toEqual({
      enclaveId: 'ok',
      apiContainerVersionTag: '1.2.3',
      logLevel: 'info',
      isPartitioningEnabled: true,
    });
  });

  it('keeps a given tag and lower-cases the log level', () => {
    expect(parseCreateEnclaveArgs(args({ apiContainerVersionTag: '0.9.0-rc1', apiContainerLogLevel: 'DEBUG' }), '1.2.3')).toMatchObject({
      apiContainerVersionTag: '0.9.0-rc1',
      logLevel: 'debug',
    });
  });

  it.each([
    [{ enclaveId: '' }, 'must not be empty'],
    [{ enclaveId: 'x'.repeat(64) }, 'maximum is 63'],
    [{ enclaveId: 'Up per' }, "'Up per'"],
    [{ enclaveId: 'a;rm -rf /' }, "'a;rm -rf /'"],
    [{ apiContainerVersionTag: 'has space' }, 'api_container_version_tag'],
    [{ apiContainerVersionTag: 'a/b' }, "'a/b'"],
    [{ apiContainerLogLevel: 'verbose' }, "'verbose'"],
    [{ enclaveId: 'bridge' }, "enclave ID 'bridge' is reserved by Docker"],
    [{ enclaveId: 'host' }, "enclave ID 'host' is reserved"],
    [{ enclaveId: 'none' }, "enclave ID 'none' is reserved"],
    [{ enclaveId: 'default' }, "enclave ID 'default' is reserved"],
    [{ apiContainerVersionTag: 'x'.repeat(100 * 1024) }, '(102400 characters)'],
    [{ apiContainerLogLevel: 'x'.repeat(100 * 1024) }, '(102400 characters)'],
  ])('refuses %o as INVALID_ARGUMENT naming %s', (fields, mention) => {
    const err = refusal(fields);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
    expect(Buffer.byteLength(err.message)).toBeLessThan(1024);
  });

  it('accepts IDs that merely contain a reserved name', () => {
    expect(parseCreateEnclaveArgs(args({ enclaveId: 'bridge-1' }), '1.2.3').enclaveId).toBe('bridge-1');
    expect(parseCreateEnclaveArgs(args({ enclaveId: 'hosts' }), '1.2.3').enclaveId).toBe('hosts');
  });
});
