/**
 * At most `concurrency` tasks run at once; up to `maxWaiting` more wait their turn, first come first
 * served; beyond that a task is refused at once (QueueFullError) rather than held with its file in
 * memory. Reading reports is CPU work in worker threads: bounding it leaves the machine's cores to
 * the request thread, so pages keep answering while reports are read.
 */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

export class ReadingQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1 || !Number.isInteger(maxWaiting) || maxWaiting < 0) {
      throw new RangeError('A reading queue runs at least one task at a time and cannot hold a negative number');
    }
  }

  /** Tasks running now, and waiting. */
  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Runs the task when a place is free. `onWait` is called (with how many are ahead) when it has to
   * wait; QueueFullError when the queue is full.
   */
  async run<T>(task: () => Promise<T>, onWait: (ahead: number) => void = () => undefined): Promise<T> {
    if (this.running < this.concurrency) {
      this.running += 1;
    } else {
      if (this.waiting.length >= this.maxWaiting) {
        throw new QueueFullError('Too many tasks are waiting');
      }
      const ahead = this.waiting.length + this.running;
      // The place of a finished task is handed straight to the next waiting one (running stays the same).
      const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
      onWait(ahead);
      await turn;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.running -= 1;
      }
    }
  }
}
