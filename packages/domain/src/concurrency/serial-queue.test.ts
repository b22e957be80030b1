import { SerialQueue } from './serial-queue';

describe('SerialQueue', () => {
  it('runs tasks one after another in the order they were queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = queue.run(async () => {
      log.push('first started');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first done');
      return 1;
    });
    const second = queue.run(async () => {
      log.push('second started');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first started']);
    releaseFirst();
    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(log).toEqual(['first started', 'first done', 'second started']);
  });

  it('runs the next task after one that failed, and hands each caller its own outcome', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
