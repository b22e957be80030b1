import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import { CliFailure, Interrupted, UsageError } from './cli-errors';
import { debugDetails, reportError } from './error-report';

describe('reportError', () => {
  it('gives usage errors 2, found here or by the server', () => {
    expect(reportError(new UsageError('--tail must be a number'))).toEqual({ exitCode: 2, message: '--tail must be a number' });
    expect(reportError(new KurtosisError(StatusCode.INVALID_ARGUMENT, "Creating enclave 'a b': enclave ID 'a b' is invalid"))).toEqual({
      exitCode: 2,
      message: "Creating enclave 'a b': enclave ID 'a b' is invalid",
    });
  });

  it('gives failures, a missing object included, 1', () => {
    expect(reportError(new KurtosisError(StatusCode.NOT_FOUND, "Getting service 'x': no such service")).exitCode).toBe(1);
    expect(reportError(new CliFailure('No engine is running')).exitCode).toBe(1);
  });

  it('says what a system call refused, once, without "Error: Error:"', () => {
    const eexist = Object.assign(new Error("EEXIST: file already exists, mkdir '/etc/passwd'"), { code: 'EEXIST', syscall: 'mkdir', path: '/etc/passwd' });
    expect(reportError(eexist)).toEqual({ exitCode: 1, message: 'mkdir /etc/passwd: it already exists' });
    expect(reportError(new Error('BackendError: Listing containers: connect ENOENT /var/run/docker.sock'))).toEqual({
      exitCode: 1,
      message: 'Listing containers: connect ENOENT /var/run/docker.sock',
    });
  });

  it('gives 130 for SIGINT and 143 for SIGTERM', () => {
    expect(reportError(new Interrupted('SIGINT')).exitCode).toBe(130);
    expect(reportError(new Interrupted('SIGTERM')).exitCode).toBe(143);
  });

  it('keeps stacks and causes for --debug', () => {
    const err = new Error('outer', { cause: new Error('inner') });
    expect(debugDetails(err)).toMatch(/outer[\s\S]*Caused by: Error: inner/);
  });
});
