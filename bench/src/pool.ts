/** Small run-time helpers shared by the pipeline and the baselines. */
import type { MongoClient } from "mongodb";

export const log = (line: string) => console.log(`[bench] ${line}`);

/** Runs `task(0..count-1)` with at most `concurrency` in flight; rejects on the first failure. */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * Waits until `done()` is true, printing `progress()` at most every `everyMs`; throws after
 * `timeoutMs`, naming what it waited for, so a stuck stage ends the run instead of hanging it.
 */
export async function waitUntil(
  what: string,
  done: () => boolean | Promise<boolean>,
  { timeoutMs, progress, everyMs = 2_000 }: { timeoutMs: number; progress?: () => string; everyMs?: number },
): Promise<void> {
  const started = Date.now();
  let printed = started;
  for (;;) {
    if (await done()) return;
    const now = Date.now();
    if (now - started > timeoutMs) {
      throw new Error(`gave up after ${Math.round(timeoutMs / 1000)}s waiting for ${what}`);
    }
    if (progress && now - printed >= everyMs) {
      log(progress());
      printed = now;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Milliseconds since `t0`, rounded for log lines. */
export const secondsSince = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/** MongoDB's duplicate-key error: the document is already there. */
export const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * What a stage started, stopped last-in first-out: when the stage ends, or earlier when the run is
 * interrupted (a child scope is closed with its parent), so nothing is left running.
 */
export class Cleanups {
  private readonly list: Array<() => Promise<void>> = [];
  private closing: Promise<void> | undefined;

  defer(cleanup: () => Promise<void>): void {
    this.list.push(cleanup);
  }

  child(): Cleanups {
    const scope = new Cleanups();
    this.defer(() => scope.close());
    return scope;
  }

  /** Runs a stage in this scope and closes it when the stage ends, however it ends. */
  async around<T>(stage: (scope: Cleanups) => Promise<T>): Promise<T> {
    try {
      return await stage(this);
    } finally {
      await this.close();
    }
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (let cleanup = this.list.pop(); cleanup; cleanup = this.list.pop()) {
        await cleanup().catch(() => undefined);
      }
    })();
    return this.closing;
  }
}

/** Drops a run's databases (what is already gone is fine) and closes the client. */
export async function dropDatabases(mongo: MongoClient, ...names: string[]): Promise<void> {
  for (const name of names) {
    await mongo
      .db(name)
      .dropDatabase()
      .catch(() => undefined);
  }
  await mongo.close();
}

/** Milliseconds `task` took. */
export async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/** A bench command's entry: runs `main` with the command line, exits 0, or 1 printing why. */
export function runMain(main: (argv: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[bench] failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
