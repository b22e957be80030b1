import { terminalSettings } from './terminal';

const tty = { isTTY: true, columns: 120 };

describe('terminalSettings', () => {
  it('spins and colours on a real terminal', () => {
    expect(terminalSettings(tty, {})).toEqual({ spinner: true, color: true });
  });

  it.each([
    ['a 0-column pseudo-terminal', { isTTY: true, columns: 0 }, {}],
    ['a terminal of unknown width', { isTTY: true, columns: undefined }, {}],
    ['CI=true', tty, { CI: 'true' }],
    ['CI=1', tty, { CI: '1' }],
    ['a pipe', { isTTY: false, columns: undefined }, {}],
    ['TERM=dumb', tty, { TERM: 'dumb' }],
  ])('never spins on %s', (_, stream, env) => {
    expect(terminalSettings(stream, env).spinner).toBe(false);
  });

  it('keeps colour off under NO_COLOR and when piped, but spins without colour', () => {
    expect(terminalSettings(tty, { NO_COLOR: '1' })).toEqual({ spinner: true, color: false });
    expect(terminalSettings({ isTTY: false, columns: undefined }, {}).color).toBe(false);
    expect(terminalSettings(tty, { NO_COLOR: '' }).color).toBe(true);
    expect(terminalSettings(tty, { CI: 'false' }).spinner).toBe(true);
  });
});
