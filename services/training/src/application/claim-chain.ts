import { insertOnce } from "@hr/kit";
import type { Collection, Db } from "mongodb";

/** One claim of a chain; `_id` = `<key>#<n>`, n = 1, 2, ... */
export interface Claim {
  _id: string;
  /** Who claimed: an employee id, an application id. */
  holder: string;
  claimedAt: Date;
  /** Set when the claimant's command has ended (done or not): it need not be waited for any more. */
  settled?: boolean;
  /** What the claim is for when the holder does not say it (an application id for a request id). */
  subject?: string;
}

/** How long an unsettled claim is taken as running: after it, its claimant is taken as dead. */
const GRACE_MS = 60_000;

/**
 * A rule that spans streams (no stream owns the count) needs a point where concurrent commands take
 * turns, and the store's one compare-and-set is the insert of a unique `_id`. A chain of claims per key
 * is that point: a command reads the chain to its end (by `_id`, one after the other), and claims by
 * inserting the next link; of concurrent claimants exactly one inserts it, the others read again. The
 * claimant settles its claim when its command ends. A chain grows by one link per claim: keep keys narrow
 * (a unit and year, a programme year) so that it stays a handful.
 */
export class ClaimChain {
  private readonly claims: Collection<Claim>;

  constructor(
    db: Db,
    collection: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.claims = db.collection<Claim>(collection);
  }

  /** The chain's last claim and its position (0 and null for an empty chain). */
  async last(key: string): Promise<{ last: Claim | null; n: number }> {
    let last: Claim | null = null;
    for (let n = 1; ; n++) {
      const claim = await this.claims.findOne({ _id: `${key}#${n}` });
      if (!claim) return { last, n: n - 1 };
      last = claim;
    }
  }

  /** Inserts link `n + 1`: its `_id`, or undefined when another claimant inserted it first. */
  async claim(key: string, n: number, holder: string, subject?: string): Promise<string | undefined> {
    const claim = { _id: `${key}#${n + 1}`, holder, claimedAt: this.now(), ...(subject ? { subject } : {}) };
    return (await insertOnce(this.claims, claim)) ? claim._id : undefined;
  }

  /** Whether the claim's command may still be running (not settled, and its claimant not taken as dead). */
  running(claim: Claim): boolean {
    return !claim.settled && this.now().getTime() - claim.claimedAt.getTime() < GRACE_MS;
  }

  /** Runs the claimant's command, then settles its claim whatever the outcome (only the claimant writes it). */
  async holding<T>(claimId: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } finally {
      await this.settle(claimId);
    }
  }

  /** Marks the claim settled: its claimant's command has ended (only the claimant writes it). */
  async settle(claimId: string): Promise<void> {
    await this.claims.updateOne({ _id: claimId }, { $set: { settled: true } });
  }
}
