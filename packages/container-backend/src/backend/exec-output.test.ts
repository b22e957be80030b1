import { BoundedExecOutput, MAX_EXEC_OUTPUT_CHARS } from './exec-output';

describe('BoundedExecOutput', () => {
  it('keeps output under the limit as it came, in order', () => {
    const out = new BoundedExecOutput(10);
    out.push('abc');
    out.push('defghij');
    expect(out.text()).toBe('abcdefghij');
  });

  it('cuts at the limit across chunks and names what it dropped', () => {
    const out = new BoundedExecOutput(5);
    out.push('abc');
    out.push('defg');
    out.push('hij');
    expect(out.text()).toBe('abcde\n[kurtosis-ts: output cut after 5 characters; 5 more were dropped]\n');
  });

  it('keeps its memory bounded for endless output', () => {
    const out = new BoundedExecOutput();
    const chunk = 'y\n'.repeat(32 * 1024);
    for (let i = 0; i < 64; i++) out.push(chunk); // 4 Mi characters
    const text = out.text();
    expect(text.startsWith('y\ny\n')).toBe(true);
    expect(text.length).toBeLessThan(MAX_EXEC_OUTPUT_CHARS + 200);
    expect(text).toContain(`${4 * 1024 * 1024 - MAX_EXEC_OUTPUT_CHARS} more were dropped`);
    // At most 3 bytes per UTF-16 unit: under gRPC's default 4 MiB receive limit.
    expect(Buffer.byteLength(text)).toBeLessThan(4 * 1024 * 1024);
  });
});
