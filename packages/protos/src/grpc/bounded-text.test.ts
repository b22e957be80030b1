import { boundMessage, MAX_STATUS_MESSAGE_BYTES, quote } from './bounded-text';
import { StatusError } from './status-error';

describe('quote', () => {
  it('quotes a short value whole', () => {
    expect(quote('web-1')).toBe("'web-1'");
  });

  it('cuts a long value and says how long it was', () => {
    const quoted = quote('x'.repeat(102_400));
    expect(quoted).toBe(`'${'x'.repeat(200)}…' (102400 characters)`);
  });
});

describe('boundMessage', () => {
  it('leaves a message within the bound alone', () => {
    expect(boundMessage('No service with ID x')).toBe('No service with ID x');
  });

  it('cuts a long message to the bound, saying how long it was', () => {
    const cut = boundMessage(`start ${'y'.repeat(100_000)}`);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    expect(cut.startsWith('start yyy')).toBe(true);
    expect(cut).toMatch(/… \(message cut: 100006 bytes\)$/);
  });

  it('never leaves half a multi-byte character', () => {
    const cut = boundMessage('é'.repeat(10_000), 101);
    expect(cut).not.toContain('\uFFFD');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(101);
  });
});

describe('StatusError', () => {
  it('bounds its message whatever built it', () => {
    const err = new StatusError(3, `bad ${'z'.repeat(200_000)}`);
    expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    expect(err.toServiceError().details).toBe(err.message);
  });
});
