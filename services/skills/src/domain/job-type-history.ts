/**
 * The invariants of a job type history, checked on the history as it would be after a change, a
 * correction or a voiding, so the three commands share one rule set:
 * - each change is effective strictly after the previous one (one job type per day);
 * - each change changes something (its job type differs from the one before);
 * - only the first change may be the hiring (it has no "from");
 * - no change is effective before its job type existed (ICT from FY2021).
 */
import { fiscalYearOf, RuleViolation } from "@hr/kit";
import { JOB_TYPE_FIRST_FISCAL_YEAR } from "./code-lists";
import { JOB_TYPE_RULES } from "./skill-profile.reasons";

export interface JobTypeStep {
  changeId: string;
  toJobType: string;
  effectiveDate: string;
  basis: string;
}

/** Throws a RuleViolation for the first step that breaks an invariant; `steps` in their intended order. */
export function checkJobTypeHistory(steps: readonly JobTypeStep[]): void {
  steps.forEach((step, i) => {
    const firstYear = JOB_TYPE_FIRST_FISCAL_YEAR[step.toJobType];
    if (firstYear !== undefined && fiscalYearOf(step.effectiveDate) < firstYear) {
      throw new RuleViolation(
        JOB_TYPE_RULES.jobTypeNotYetCreated,
        `job type change ${step.changeId} on ${step.effectiveDate}: job type ${step.toJobType} exists from fiscal year ${firstYear}`,
      );
    }
    const previous = steps[i - 1];
    if (!previous) return;
    if (step.effectiveDate <= previous.effectiveDate) {
      throw new RuleViolation(
        JOB_TYPE_RULES.predatesPrevious,
        `job type change ${step.changeId} on ${step.effectiveDate} must be effective after the previous change ` +
          `${previous.changeId} on ${previous.effectiveDate}`,
      );
    }
    if (step.toJobType === previous.toJobType) {
      throw new RuleViolation(
        JOB_TYPE_RULES.unchanged,
        `job type change ${step.changeId} would change ${previous.toJobType} to itself`,
      );
    }
    if (step.basis === "HIRING") {
      throw new RuleViolation(
        JOB_TYPE_RULES.hiringNotFirst,
        `job type change ${step.changeId} cannot be a hiring: the employee already had job type ${previous.toJobType}`,
      );
    }
  });
}
