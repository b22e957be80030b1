import { status } from '@grpc/grpc-js';
import { DomainError } from '@kurtosis-ts/domain';
import { engineApi } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import { parseCreateEnclaveArgs } from './create-enclave-request';
import { toStatusError } from './grpc/to-status-error';

const args = (fields: Partial<engineApi.CreateEnclaveArgs>) => engineApi.CreateEnclaveArgs.fromPartial({ enclaveId: 'ok', ...fields });

/** A platform that keeps 'bridge' for itself, as Docker does (the Docker backend's own list is tested there). */
const platformRule = (id: string) => (id === 'bridge' ? `enclave ID '${id}' is reserved by the platform` : undefined);

/** The refusal as the engine answers it. */
function refusal(fields: Partial<engineApi.CreateEnclaveArgs>): StatusError {
  try {
    parseCreateEnclaveArgs(args(fields), '1.2.3', platformRule);
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'CreateEnclave');
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
    [{ enclaveId: 'bridge' }, "enclave ID 'bridge' is reserved by the platform"],
    [{ apiContainerVersionTag: 'x'.repeat(100 * 1024) }, '(102400 characters)'],
    [{ apiContainerLogLevel: 'x'.repeat(100 * 1024) }, '(102400 characters)'],
  ])('refuses %o as INVALID_ARGUMENT naming %s', (fields, mention) => {
    const err = refusal(fields);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
    expect(Buffer.byteLength(err.message)).toBeLessThan(1024);
  });

  it("asks the platform's rule only about valid IDs, and accepts what it accepts", () => {
    const asked: string[] = [];
    const rule = (id: string) => (asked.push(id), platformRule(id));
    expect(parseCreateEnclaveArgs(args({ enclaveId: 'bridge-1' }), '1.2.3', rule).enclaveId).toBe('bridge-1');
    expect(() => parseCreateEnclaveArgs(args({ enclaveId: 'Bad ID' }), '1.2.3', rule)).toThrow(DomainError);
    expect(asked).toEqual(['bridge-1']);
  });
});
