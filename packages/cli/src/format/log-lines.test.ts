import { prefixedLine, readablePinoLine } from './log-lines';

describe('readablePinoLine', () => {
  it('prints a pino record as time, level, message and the other fields', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1, 12, 0, 1), enclaveId: 'e', name: 'kurtosis-module', port: 1111, msg: 'module serving' });
    expect(readablePinoLine(line, { color: false })).toBe('12:00:01 INFO  module serving enclaveId=e port=1111');
  });

  it('colours warnings and errors only with colour', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'boom' });
    expect(readablePinoLine(line, { color: true })).toContain('\u001b[31mERROR\u001b[39m');
    expect(readablePinoLine(line, { color: false })).not.toContain('\u001b');
  });

  it('leaves anything that is not a pino record as it is', () => {
    for (const line of ['plain text', '{"not":"pino"}', '{broken']) expect(readablePinoLine(line, { color: false })).toBe(line);
  });
});

describe('prefixedLine', () => {
  it('pads the source, and colours it per source only with colour', () => {
    expect(prefixedLine('db', 'hello', { color: false, width: 5, index: 0 })).toBe('db    | hello');
    expect(prefixedLine('db', 'hello', { color: true, width: 2, index: 1 })).toBe('\u001b[33mdb |\u001b[39m hello');
    expect(prefixedLine('db', 'x', { color: false, width: 2, index: 0, timestampMs: 1000 })).toBe('db | 1970-01-01T00:00:01.000Z x');
  });
});
