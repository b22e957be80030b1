import { status } from '@grpc/grpc-js';
import { toStatusError } from '../grpc/to-status-error';
import { normalizeSignal } from './signal-name';

describe('normalizeSignal', () => {
  it.each([
    ['', 'SIGKILL'],
    ['SIGKILL', 'SIGKILL'],
    ['sigterm', 'SIGTERM'],
    ['HUP', 'SIGHUP'],
    [' usr1 ', 'SIGUSR1'],
  ])('%j → %s', (given, expected) => {
    expect(normalizeSignal(given)).toBe(expected);
  });

  it.each(['SIGFOO', '9', 'KILL -9', 'rm -rf'])('refuses %j with INVALID_ARGUMENT naming it', (given) => {
    let refusal: unknown;
    try {
      normalizeSignal(given);
    } catch (err) {
      refusal = toStatusError(err, 'KillService');
    }
    expect(refusal).toMatchObject({ code: status.INVALID_ARGUMENT, message: expect.stringContaining(`'${given}'`) });
  });
});
