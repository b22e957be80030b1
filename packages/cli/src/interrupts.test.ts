import { Interrupts } from './interrupts';

describe('Interrupts', () => {
  it('exits at once with 130 when nothing needs cleaning up, stopping spinners first', async () => {
    const said: string[] = [];
    const exits: number[] = [];
    const interrupts = new Interrupts((l) => said.push(l), (c) => exits.push(c));
    let stopped = false;
    interrupts.onInterrupt(() => (stopped = true));
    await interrupts.handle('SIGINT');
    expect({ stopped, exits, said, aborted: interrupts.signal.aborted }).toEqual({ stopped: true, exits: [130], said: [], aborted: true });
  });

  it('runs the cleanups, saying what it does and what came of it, then exits with 143 for SIGTERM', async () => {
    const said: string[] = [];
    const exits: number[] = [];
    const interrupts = new Interrupts((l) => said.push(l), (c) => exits.push(c));
    interrupts.addCleanup({ doing: 'removing enclave e', leftBehind: 'enclave e', run: async () => 'Removed enclave e' });
    await interrupts.handle('SIGTERM');
    expect(said).toEqual(['Interrupted (SIGTERM): removing enclave e… (again to exit at once)', 'Removed enclave e']);
    expect(exits).toEqual([143]);
  });

  it('names what is left when a cleanup fails, and when a second signal cuts it short', async () => {
    const said: string[] = [];
    const exits: number[] = [];
    const interrupts = new Interrupts((l) => said.push(l), (c) => exits.push(c));
    let release: () => void = () => undefined;
    interrupts.addCleanup({ doing: 'removing enclave e', leftBehind: 'enclave e (kurtosis enclave rm -f e)', run: () => new Promise<void>((r) => (release = r)) });
    const first = interrupts.handle('SIGINT');
    await interrupts.handle('SIGINT');
    expect(said[1]).toBe('Interrupted again (SIGINT): exiting now; left behind: enclave e (kurtosis enclave rm -f e)');
    expect(exits).toEqual([130]);
    release();
    await first;

    const failing = new Interrupts((l) => said.push(l), () => undefined);
    failing.addCleanup({ doing: 'removing enclave f', leftBehind: 'enclave f', run: async () => Promise.reject(new Error('engine gone')) });
    await failing.handle('SIGINT');
    expect(said.at(-1)).toBe('Could not finish removing enclave f (engine gone); left behind: enclave f');
  });
});
