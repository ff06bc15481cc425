/**
 * A small pool: at most `size` tasks run at once, so a large estate does not open hundreds of requests together
 * (the SDK's adaptive retry then only has to smooth out what throttling remains). Tasks may add tasks; `drain`
 * waits until none is queued or running. Tasks record the failures of AWS calls themselves; an error a task throws
 * anyway (a bug, an identifier that cannot name a file) stops the pool, and `drain` rejects with it.
 */
export class TaskPool {
  private running = 0;
  private readonly queue: Array<() => Promise<void>> = [];
  private idle: Array<() => void> = [];
  private started = 0;
  private finished = 0;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly size: number,
    private readonly onProgress: (done: number, total: number) => void = () => {},
  ) {}

  add(task: () => Promise<void>): void {
    if (this.failure) return;
    this.started++;
    this.queue.push(task);
    this.onProgress(this.finished, this.started);
    this.next();
  }

  /** Resolves when every task added (including those added by tasks) has finished. */
  async drain(): Promise<void> {
    if (this.running > 0 || this.queue.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.failure) throw this.failure.error;
  }

  private next(): void {
    while (this.running < this.size && this.queue.length > 0) {
      const task = this.queue.shift()!;
      this.running++;
      void task().catch((error: unknown) => {
        this.failure ??= { error };
        this.queue.length = 0;
      }).finally(() => {
        this.running--;
        this.finished++;
        this.onProgress(this.finished, this.started);
        this.next();
        if (this.running === 0 && this.queue.length === 0) {
          const waiting = this.idle;
          this.idle = [];
          waiting.forEach((resolve) => resolve());
        }
      });
    }
  }
}
