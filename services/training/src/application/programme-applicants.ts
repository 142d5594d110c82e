import { ConflictError, RuleViolation } from "@hr/kit";
import type { Db } from "mongodb";
import { OVERSEAS_TRAINING_RULES, type OverseasTrainingApplication } from "../domain";
import { type Claim, ClaimChain } from "./claim-chain";

/**
 * One application per employee and fiscal year. The rule spans applications (each its own stream), so an
 * applicant's year is claimed first in `programme_applicants` by inserting the next claim of a chain keyed
 * by `_id` (`FY<year>|<employee>#<n>`, see ClaimChain): of concurrent applications naming one employee, one
 * inserts it. The applications stay the truth: a claim counts while its application holds the employee
 * (withdrawing, whole or as a member, or voiding the application frees them; a rejected application was
 * their year's), or until the
 * claimant's command ends (at most a minute, for a claimant that died). A claim is held by the request id,
 * so a retried request finds its own claim and is answered with its first reply.
 */
export class ProgrammeApplicants {
  private readonly chain: ClaimChain;

  constructor(
    db: Db,
    private readonly application: (applicationId: string) => Promise<OverseasTrainingApplication | undefined>,
  ) {
    this.chain = new ClaimChain(db, "programme_applicants");
  }

  /** Runs `apply` holding every applicant's year; refuses ALREADY_APPLIED_IN_YEAR when another holds one. */
  async holding<T>(
    claimant: { fiscalYear: number; employeeIds: string[]; requestId: string; applicationId: string },
    apply: () => Promise<T>,
  ): Promise<T> {
    const claims: string[] = [];
    try {
      // In one order, so that two group applications claim their common members alike.
      for (const employeeId of [...claimant.employeeIds].sort()) {
        claims.push(await this.claim(`FY${claimant.fiscalYear}|${employeeId}`, employeeId, claimant));
      }
      return await apply();
    } finally {
      await Promise.all(claims.map((id) => this.chain.settle(id)));
    }
  }

  private async claim(
    key: string,
    employeeId: string,
    claimant: { fiscalYear: number; requestId: string; applicationId: string },
  ): Promise<string> {
    for (;;) {
      const { last, n } = await this.chain.last(key);
      if (last?.holder === claimant.requestId) return last._id;
      if (last && (await this.holds(last, employeeId))) {
        throw new RuleViolation(
          OVERSEAS_TRAINING_RULES.alreadyAppliedInYear,
          `${employeeId} already takes part in application ${last.subject} of FY${claimant.fiscalYear}: one application per employee and year`,
        );
      }
      const claimId = await this.chain.claim(key, n, claimant.requestId, claimant.applicationId);
      if (claimId) return claimId;
      // Another application inserted that claim first: look again.
    }
  }

  /** Whether a claim still holds the employee: its application counts them, or may still be being recorded. */
  private async holds(claim: Claim, employeeId: string): Promise<boolean> {
    const application = claim.subject ? await this.application(claim.subject) : undefined;
    if (application) {
      return (
        application.step !== "OVERSEAS_TRAINING_STEP_WITHDRAWN" &&
        application.step !== "OVERSEAS_TRAINING_STEP_VOIDED" &&
        application.applicantEmployeeIds.includes(employeeId)
      );
    }
    if (this.chain.running(claim)) {
      throw new ConflictError(`another application naming ${employeeId} is being recorded; retry`);
    }
    return false;
  }
}
