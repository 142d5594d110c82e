import { ConflictError, insertOnce, RuleViolation } from "@hr/kit";
import type { Collection, Db } from "mongodb";
import { TRAINING_RECORD_RULES } from "../domain";

/** One claim of a unit's single place on a course in a fiscal year; `_id` = `<slot>#<n>`, n = 1, 2, ... */
interface SlotClaim {
  _id: string;
  employeeId: string;
  claimedAt: Date;
  /** Set when the claimant's command has ended (recorded or not): from then on only its nomination counts. */
  settled?: boolean;
}

export interface NomineeSlot {
  courseId: string;
  unitCode: string;
  fiscalYear: number;
  employeeId: string;
}

/** How long a claim whose nomination is not (yet) recorded holds the place: its command is running. */
const CLAIM_GRACE_MS = 60_000;

/**
 * "One nominee per unit" (e.g. one per section for DX training) spans employees, whose nominations live in
 * their own streams: no stream owns the count, and the store has no compare-and-set but the insert of a
 * unique `_id`. So a nomination first claims the unit's place by inserting the next claim of the place's
 * chain (`#1`, then `#2` when the first holder's nomination is gone): of two concurrent claimants exactly
 * one inserts a given `#n`. The nominations stay the truth: a claim counts while its holder has a live
 * nomination of the course and year (read from the holder's stream by `_id`), or, for a short grace, while
 * the holder's command may still be recording it (until it settles the claim, or a grace period passes for
 * a claimant that died). A cancelled nomination frees the place by itself.
 * The chain grows by one per holder that gave the place up: a handful per unit and year.
 */
export class NomineeSlots {
  private readonly claims: Collection<SlotClaim>;

  constructor(
    db: Db,
    /** Whether the employee has a live nomination of the course in the fiscal year. */
    private readonly isNominated: (
      employeeId: string,
      courseId: string,
      fiscalYear: number,
    ) => Promise<boolean>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.claims = db.collection<SlotClaim>("nominee_slots");
  }

  /** Runs `record` holding the unit's place; refuses UNIT_ALREADY_HAS_NOMINEE when another holds it. */
  async holding<T>(slot: NomineeSlot, record: () => Promise<T>): Promise<T> {
    const claimId = await this.claim(slot);
    try {
      return await record();
    } finally {
      // Whoever comes next need not wait for this command any more: the nomination (live, cancelled
      // later, or never recorded) decides alone. Only the claimant writes its claim.
      await this.claims.updateOne({ _id: claimId }, { $set: { settled: true } });
    }
  }

  private async claim(slot: NomineeSlot): Promise<string> {
    const key = `${slot.courseId}|${slot.unitCode}|FY${slot.fiscalYear}`;
    for (;;) {
      const { last, n } = await this.latest(key);
      if (last?.employeeId === slot.employeeId) return last._id;
      if (last && (await this.holds(last, slot))) {
        throw new RuleViolation(
          TRAINING_RECORD_RULES.unitAlreadyHasNominee,
          `${slot.unitCode} already has a nominee for ${slot.courseId} in FY${slot.fiscalYear} (${last.employeeId}): the course takes one per unit`,
        );
      }
      const next = { _id: `${key}#${n + 1}`, employeeId: slot.employeeId, claimedAt: this.now() };
      if (await insertOnce(this.claims, next)) return next._id;
      // Another claimant inserted that claim first: look again.
    }
  }

  /** Whether a claim still holds the place: its nomination is live, or may still be being recorded. */
  private async holds(claim: SlotClaim, slot: NomineeSlot): Promise<boolean> {
    if (await this.isNominated(claim.employeeId, slot.courseId, slot.fiscalYear)) return true;
    const recent = this.now().getTime() - claim.claimedAt.getTime() < CLAIM_GRACE_MS;
    if (recent && !claim.settled) {
      throw new ConflictError(
        `another nomination of ${slot.unitCode} for ${slot.courseId} is being recorded; retry`,
      );
    }
    return false;
  }

  /** The chain's last claim, read by `_id` one after the other. */
  private async latest(key: string): Promise<{ last: SlotClaim | null; n: number }> {
    let last: SlotClaim | null = null;
    for (let n = 1; ; n++) {
      const claim = await this.claims.findOne({ _id: `${key}#${n}` });
      if (!claim) return { last, n: n - 1 };
      last = claim;
    }
  }
}
