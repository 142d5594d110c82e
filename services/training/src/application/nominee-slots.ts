import { ConflictError, RuleViolation } from "@hr/kit";
import type { Db } from "mongodb";
import { TRAINING_RECORD_RULES } from "../domain";
import { type Claim, ClaimChain } from "./claim-chain";

export interface NomineeSlot {
  courseId: string;
  unitCode: string;
  fiscalYear: number;
  employeeId: string;
}

/**
 * "One nominee per unit" (e.g. one per section for DX training) spans employees, whose nominations live in
 * their own streams. A nomination first claims the unit's place in a chain of claims per course, unit and
 * year (`nominee_slots`, see ClaimChain). The nominations stay the truth: the last claim holds the place
 * while its holder has a live nomination of the course and year (read from the holder's stream by `_id`),
 * or while the holder's command may still be recording it; a cancelled nomination frees the place.
 */
export class NomineeSlots {
  private readonly chain: ClaimChain;

  constructor(
    db: Db,
    /** Whether the employee has a live nomination of the course in the fiscal year. */
    private readonly isNominated: (
      employeeId: string,
      courseId: string,
      fiscalYear: number,
    ) => Promise<boolean>,
  ) {
    this.chain = new ClaimChain(db, "nominee_slots");
  }

  /** Runs `record` holding the unit's place; refuses UNIT_ALREADY_HAS_NOMINEE when another holds it. */
  async holding<T>(slot: NomineeSlot, record: () => Promise<T>): Promise<T> {
    const key = `${slot.courseId}|${slot.unitCode}|FY${slot.fiscalYear}`;
    for (;;) {
      const { last, n } = await this.chain.last(key);
      if (last?.holder === slot.employeeId) return this.chain.holding(last._id, record);
      if (last && (await this.holds(last, slot))) {
        throw new RuleViolation(
          TRAINING_RECORD_RULES.unitAlreadyHasNominee,
          `${slot.unitCode} already has a nominee for ${slot.courseId} in FY${slot.fiscalYear} (${last.holder}): the course takes one per unit`,
        );
      }
      const claimId = await this.chain.claim(key, n, slot.employeeId);
      if (claimId) return this.chain.holding(claimId, record);
      // Another claimant inserted that claim first: look again.
    }
  }

  /** Whether a claim still holds the place: its nomination is live, or may still be being recorded. */
  private async holds(claim: Claim, slot: NomineeSlot): Promise<boolean> {
    if (await this.isNominated(claim.holder, slot.courseId, slot.fiscalYear)) return true;
    if (this.chain.running(claim)) {
      throw new ConflictError(
        `another nomination of ${slot.unitCode} for ${slot.courseId} is being recorded; retry`,
      );
    }
    return false;
  }
}
