import type { Fact } from "../domain";

/** How many facts the cache holds at most (about 1 KB each in memory), over all its employees. */
export const CACHED_FACTS = 20_000;

/**
 * The applied facts of the employees projected last, so that an event of an employee with a long history
 * reads no fact chunk. An entry is the facts as this process wrote them with the index's `stamp`, new
 * with every index write: it is used only while the stored index still carries that stamp, so any other
 * write of the index (another instance after a rebalance, a generation dropped and filled again) makes
 * it a miss, and the facts are read from the chunks. The least recently used employees go first.
 */
export class FactCache {
  private readonly entries = new Map<string, { stamp: string; facts: readonly Fact[] }>();
  private size = 0;

  constructor(private readonly maxFacts = CACHED_FACTS) {}

  /** The employee's facts if they are those written with `stamp`. */
  get(employeeId: string, stamp: string | undefined): readonly Fact[] | undefined {
    const entry = this.entries.get(employeeId);
    if (!entry || entry.stamp !== stamp) return undefined;
    this.entries.delete(employeeId);
    this.entries.set(employeeId, entry);
    return entry.facts;
  }

  /** The facts just written with the index's `stamp`. */
  set(employeeId: string, stamp: string, facts: readonly Fact[]): void {
    this.delete(employeeId);
    if (facts.length > this.maxFacts) return;
    this.entries.set(employeeId, { stamp, facts });
    this.size += facts.length;
    for (const oldest of this.entries.keys()) {
      if (this.size <= this.maxFacts) break;
      this.delete(oldest);
    }
  }

  private delete(employeeId: string): void {
    const entry = this.entries.get(employeeId);
    if (!entry) return;
    this.entries.delete(employeeId);
    this.size -= entry.facts.length;
  }
}
