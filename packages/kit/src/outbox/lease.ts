import type { Collection, Db } from "mongodb";

interface LeaseDocument {
  _id: string;
  name: string;
  epoch: number;
  holder: string;
  expiresAt: Date;
}

/**
 * A lease that at most one process holds, built only from inserts against the unique `_id`
 * (FerretDB runs updates as read-then-write, so an update-based compare-and-set is not safe there).
 *
 * Each tenure is its own document `name#epoch`. Taking over an expired lease means inserting
 * epoch+1: of all contenders exactly one insert succeeds. Only the holder ever updates its own
 * document (to renew it), so no two writers race on one document.
 */
export class Lease {
  private readonly leases: Collection<LeaseDocument>;
  private epoch: number | undefined;
  private expiresAt = 0;

  constructor(
    db: Db,
    readonly name: string,
    readonly holder: string,
    readonly ttlMs: number,
  ) {
    this.leases = db.collection<LeaseDocument>("leases");
  }

  async init(): Promise<void> {
    await this.leases.createIndex({ name: 1, epoch: -1 }, { name: "lease_latest" });
  }

  /** Takes or renews the lease; true while this process holds it. Call more often than the ttl. */
  async acquire(now = new Date()): Promise<boolean> {
    const latest = await this.leases.findOne({ name: this.name }, { sort: { epoch: -1 } });
    if (latest && latest.holder === this.holder && latest.epoch === this.epoch && latest.expiresAt > now) {
      await this.leases.updateOne({ _id: latest._id }, { $set: { expiresAt: this.expiry(now) } });
      this.expiresAt = this.expiry(now).getTime();
      return true;
    }
    this.epoch = undefined;
    this.expiresAt = 0;
    if (latest && latest.expiresAt > now) return false;
    const epoch = (latest?.epoch ?? 0) + 1;
    try {
      await this.leases.insertOne({
        _id: `${this.name}#${epoch}`,
        name: this.name,
        epoch,
        holder: this.holder,
        expiresAt: this.expiry(now),
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
    this.epoch = epoch;
    this.expiresAt = this.expiry(now).getTime();
    // Old tenures are history nobody reads; keep a few for debugging.
    await this.leases.deleteMany({ name: this.name, epoch: { $lt: epoch - 5 } });
    return true;
  }

  /** Gives the lease up at once (graceful shutdown), so another instance need not wait for expiry. */
  async release(): Promise<void> {
    if (this.epoch === undefined) return;
    await this.leases.updateOne({ _id: `${this.name}#${this.epoch}` }, { $set: { expiresAt: new Date(0) } });
    this.epoch = undefined;
    this.expiresAt = 0;
  }

  /**
   * Milliseconds this process still holds the lease by its last successful `acquire` (0 when it does
   * not): after that, another instance may take it over without asking.
   */
  remainingMs(now = Date.now()): number {
    return Math.max(0, this.expiresAt - now);
  }

  private expiry(now: Date): Date {
    return new Date(now.getTime() + this.ttlMs);
  }
}
