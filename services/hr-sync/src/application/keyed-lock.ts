/**
 * Runs tasks for one key one after another (tasks for different keys run freely). This keeps one writer
 * per employee inside the process even if the consumer handles several partitions at once: an
 * employee's four topics may sit on partitions handled concurrently.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /**
   * Runs the task holding every key: taken one by one in sorted order, so two callers wanting
   * overlapping keys never wait for each other in a circle.
   */
  runAll<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const take = (i: number): Promise<T> =>
      i === sorted.length ? task() : this.run(sorted[i]!, () => take(i + 1));
    return take(0);
  }
}
