import type { Collection, Document, MongoBulkWriteError, OptionalUnlessRequiredId } from "mongodb";

/**
 * Gathers the inserts made into one collection during the same turn of the event loop and sends them
 * as one `insertMany` with `ordered: false`. Each document still decides its own race on its unique
 * keys, and each caller gets its own document's outcome: its own duplicate-key error, or success.
 * Under concurrent commands this turns N round trips into one; alone, a command pays nothing extra.
 */
export class InsertBatcher<T extends Document> {
  private pending: { doc: OptionalUnlessRequiredId<T>; resolve: () => void; reject: (e: unknown) => void }[] =
    [];
  private scheduled = false;

  constructor(
    private readonly collection: Collection<T>,
    private readonly maxBatch = 500,
  ) {}

  insert(doc: OptionalUnlessRequiredId<T>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch;
      this.collection.insertOne(only!.doc).then(() => only!.resolve(), only!.reject);
      return;
    }
    this.collection
      .insertMany(
        batch.map((b) => b.doc),
        { ordered: false },
      )
      .then(
        () => {
          for (const b of batch) b.resolve();
        },
        (error: unknown) => {
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
        },
      );
  }
}
