import type { Collection, Document, MongoBulkWriteError, OptionalUnlessRequiredId } from "mongodb";

interface Pending<T> {
  doc: OptionalUnlessRequiredId<T>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for one collection: at most one insert is in flight; whatever arrives meanwhile is sent
 * next, as one `insertMany` with `ordered: false`, so batches grow with the load instead of the writes
 * queueing one by one (FerretDB runs one write at a time; one batch is one SQLite transaction). Each
 * document still decides its own race on its unique keys, and each caller gets its own document's
 * outcome: its own duplicate-key error, or success. Alone, an insert goes at once.
 */
export class InsertBatcher<T extends Document> {
  private pending: Pending<T>[] = [];
  private inFlight = false;

  constructor(
    private readonly collection: Collection<T>,
    /** Bounds one request's size; the rest goes in the next one. */
    private readonly maxBatch = 1000,
  ) {}

  insert(doc: OptionalUnlessRequiredId<T>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, resolve, reject });
      // Inserts made in the same synchronous run (e.g. one loop of callers) still leave together.
      if (!this.inFlight && this.pending.length === 1) queueMicrotask(() => this.sendNext());
    });
  }

  private sendNext(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    this.inFlight = true;
    this.send(batch).finally(() => {
      this.inFlight = false;
      this.sendNext();
    });
  }

  private async send(batch: Pending<T>[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Pending<T>];
      await this.collection.insertOne(only.doc).then(only.resolve, only.reject);
      return;
    }
    try {
      await this.collection.insertMany(
        batch.map((b) => b.doc),
        { ordered: false },
      );
      for (const b of batch) b.resolve();
    } catch (error) {
      const writeErrors = (error as MongoBulkWriteError).writeErrors;
      if (!writeErrors) {
        for (const b of batch) b.reject(error); // the whole request failed (e.g. the store is down)
        return;
      }
      const failed = new Map<number, unknown>();
      for (const w of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) {
        failed.set(w.index, Object.assign(new Error(w.errmsg ?? "write error"), { code: w.code }));
      }
      batch.forEach((b, i) => {
        const own = failed.get(i);
        if (own) b.reject(own);
        else b.resolve();
      });
    }
  }
}
