/**
 * Eligibility for overseas dispatch training (DOMAIN.md): ICT job type and in the second fiscal year as ICT
 * staff or later, on the application date; any rank or age; a past participant may apply again.
 * "Fiscal year as ICT staff" counts from the fiscal year the current ICT period began (1 in that fiscal
 * year, 2 from the next 1 April), also after a job type change in the middle of a year.
 */
import { fiscalYearOf } from "@hr/kit";
import { ICT_JOB_TYPE } from "./code-lists";

/** A job type change as it counts now (corrections applied, voided ones left out). */
export interface JobTypePeriodStart {
  jobType: string;
  /** YYYY-MM-DD. */
  effectiveDate: string;
}

export const INELIGIBILITY = {
  jobTypeUnknown: "JOB_TYPE_UNKNOWN",
  notIct: "NOT_ICT_STAFF",
  firstFiscalYear: "FIRST_FISCAL_YEAR_AS_ICT",
} as const;
export type Ineligibility = (typeof INELIGIBILITY)[keyof typeof INELIGIBILITY];

export interface Eligibility {
  eligible: boolean;
  reason?: Ineligibility;
  jobType?: string;
  ictSince?: string;
  /** 0 when not ICT staff on the date. */
  fiscalYearAsIct: number;
}

/** `changes` in any order. */
export function overseasTrainingEligibility(changes: readonly JobTypePeriodStart[], on: string): Eligibility {
  const upToDate = changes.filter((c) => c.effectiveDate <= on).sort(byDate);
  const current = upToDate.at(-1);
  if (!current) return { eligible: false, reason: INELIGIBILITY.jobTypeUnknown, fiscalYearAsIct: 0 };
  if (current.jobType !== ICT_JOB_TYPE) {
    return { eligible: false, reason: INELIGIBILITY.notIct, jobType: current.jobType, fiscalYearAsIct: 0 };
  }
  // The current ICT period began at the earliest change of the unbroken run of ICT entries at the end.
  let start = upToDate.length - 1;
  while (start > 0 && upToDate[start - 1]?.jobType === ICT_JOB_TYPE) start -= 1;
  const ictSince = upToDate[start]?.effectiveDate ?? current.effectiveDate;
  const fiscalYearAsIct = fiscalYearOf(on) - fiscalYearOf(ictSince) + 1;
  const eligible = fiscalYearAsIct >= 2;
  return {
    eligible,
    ...(eligible ? {} : { reason: INELIGIBILITY.firstFiscalYear }),
    jobType: ICT_JOB_TYPE,
    ictSince,
    fiscalYearAsIct,
  };
}

const byDate = (a: JobTypePeriodStart, b: JobTypePeriodStart) =>
  a.effectiveDate.localeCompare(b.effectiveDate);
