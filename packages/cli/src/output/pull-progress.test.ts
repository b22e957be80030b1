import { bar, formatBytes, plainLine, PullProgressView, terminalLine } from './pull-progress';

describe('pull progress', () => {
  it('draws a layer with its bar and bytes', () => {
    expect(bar(5, 10, 10)).toBe('[====>     ]');
    expect(bar(10, 10, 4)).toBe('[====]');
    expect(bar(0, 10, 4)).toBe('[    ]');
    expect(terminalLine({ layer: 'abc', phase: 'downloading', currentBytes: 1_500_000, totalBytes: 3_000_000 })).toBe('abc: downloading [=========>          ] 1.5 MB/3.0 MB');
    expect(terminalLine({ layer: 'abc', phase: 'done' })).toBe('abc: pull complete');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('writes plain lines only when a layer changes phase', () => {
    const written: string[] = [];
    const view = new PullProgressView('r:1/a:1', { write: (t) => written.push(t) }, false);
    view.onEvent({ layer: 'l1', phase: 'waiting' });
    view.onEvent({ layer: 'l1', phase: 'downloading', currentBytes: 1, totalBytes: 2000 });
    view.onEvent({ layer: 'l1', phase: 'downloading', currentBytes: 2000, totalBytes: 2000 });
    view.onEvent({ layer: 'l1', phase: 'done' });
    expect(written).toEqual(['r:1/a:1: layer l1: waiting\n', 'r:1/a:1: layer l1: downloading (2.0 kB)\n', 'r:1/a:1: layer l1: pull complete\n']);
    expect(plainLine('x', { layer: 'l', phase: 'exists' })).toBe('x: layer l: already exists');
  });

  it('redraws every layer in place on a terminal', () => {
    const written: string[] = [];
    const view = new PullProgressView('a', { write: (t) => written.push(t) }, true);
    view.onEvent({ layer: 'l1', phase: 'waiting' });
    view.onEvent({ layer: 'l2', phase: 'waiting' });
    expect(written[1]).toBe('\u001b[1A\r\u001b[2Kl1: waiting\n\r\u001b[2Kl2: waiting\n');
  });
});
