import { QueueFullError, ReadingQueue } from './reading-queue';

/** A task that runs until finish() is called, recording when it started. */
function controllable(log: string[], name: string) {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ReadingQueue', () => {
  it('runs at most `concurrency` tasks at once, the rest in the order they came, each as a place frees', async () => {
    const queue = new ReadingQueue(2, 10);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => controllable(log, name));
    const waited: number[] = [];
    const results = [a, b, c, d].map((entry) => queue.run(entry.task, (ahead) => waited.push(ahead)));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(queue.size).toEqual({ running: 2, waiting: 2 });
    expect(waited).toEqual([2, 3]);
    b.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a.finish();
    c.finish();
    d.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a task at once when the queue is full, and keeps going after a task fails', async () => {
    const queue = new ReadingQueue(1, 1);
    const log: string[] = [];
    const first = controllable(log, 'first');
    const running = queue.run(first.task);
    const waiting = queue.run(() => Promise.reject(new Error('could not read it')));
    await expect(queue.run(() => Promise.resolve('refused'))).rejects.toBeInstanceOf(QueueFullError);
    first.finish();
    await expect(running).resolves.toBe('first');
    await expect(waiting).rejects.toThrow('could not read it');
    await expect(queue.run(() => Promise.resolve('later'))).resolves.toBe('later');
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('needs at least one place', () => {
    expect(() => new ReadingQueue(0, 1)).toThrow(RangeError);
    expect(() => new ReadingQueue(1, -1)).toThrow(RangeError);
  });
});
