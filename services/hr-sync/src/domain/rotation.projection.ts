import { monthsSpanned } from "@hr/kit";
import { postingsV1, secondmentV1, syncV1 } from "@hr/proto";
import { DAYS_PER_MONTH, dayBefore, daysInclusive, minDate } from "./calendar";
import {
  type Capability,
  type Classification,
  capabilityOfDepartment,
  capabilityOfHost,
} from "./classification";
import type {
  CertificationEntry,
  EmployeeHistory,
  OverseasStepEntry,
  Secondment,
  TransferEntry,
} from "./employee-history";

/**
 * The part of a rotation record that follows from the facts alone (stored, compared, streamed). Status
 * and totals depend on the day they are read for: `rotationRecordAsOf` adds them.
 */
export type RotationTimeline = Omit<
  syncV1.RotationRecord,
  "currentStatus" | "monthsSeconded" | "yearsByJobType" | "capabilityBalance" | "asOf"
>;

/** Secondments that count: started and not cancelled. */
const periods = (h: EmployeeHistory) => h.secondments.filter((s) => s.started && s.startsOn);

function outcomeOf(
  s: Secondment,
  next: Secondment | undefined,
  transfer: TransferEntry | undefined,
): syncV1.SecondmentOutcome {
  if (transfer?.secondmentId === s.secondmentId) return syncV1.SecondmentOutcome.TRANSFER_OF_EMPLOYMENT;
  if (!s.endedOn) return syncV1.SecondmentOutcome.ONGOING;
  if (s.returnedOn) return syncV1.SecondmentOutcome.RETURNED;
  // Straight on to the next host, keeping the home post "on secondment" meanwhile.
  if (next?.startsOn && dayBefore(next.startsOn) <= s.endedOn)
    return syncV1.SecondmentOutcome.NEXT_SECONDMENT;
  return syncV1.SecondmentOutcome.RETURNED;
}

/**
 * The transfer of employment in force (the service keeps at most one); one at the end of a secondment
 * goes to that secondment's host, as corrected.
 */
function transferOf(h: EmployeeHistory): Pick<RotationTimeline, "transferOfEmployment"> {
  const t = h.transfers.at(-1);
  // Left out, not undefined: a stored record would keep null, which the proto encoder refuses.
  if (!t) return {};
  const host = h.secondments.find((s) => s.secondmentId === t.secondmentId);
  return {
    transferOfEmployment: {
      transferredOn: t.effectiveDate,
      hostKind: host?.hostKind ?? t.hostKind,
      hostName: host?.hostName ?? t.hostName,
      fromDepartment: t.fromDepartment,
      fromPost: t.fromPost,
      secondmentId: t.secondmentId,
      evidence: t.evidence,
    },
  };
}

export function rotationTimeline(h: EmployeeHistory): RotationTimeline {
  const secondments = periods(h);
  const jobTypes = h.jobTypeChanges;
  const transfer = h.transfers.at(-1);
  return {
    employeeId: h.employeeId,
    jobType: jobTypes.at(-1)?.toJobType ?? "",
    assignments: h.postings.map((p, i) => {
      const next = h.postings[i + 1];
      return {
        postingId: p.postingId,
        department: p.department,
        post: p.post,
        kind: p.kind,
        startedOn: p.effectiveDate,
        endedOn: next ? dayBefore(next.effectiveDate) : "",
        rank: p.rank ?? postingsV1.Rank.UNSPECIFIED,
        evidence: p.evidence,
      } as syncV1.Assignment;
    }),
    secondments: secondments.map((s, i) => ({
      secondmentId: s.secondmentId,
      hostKind: s.hostKind,
      hostName: s.hostName,
      startsOn: s.startsOn ?? "",
      plannedEndOn: s.plannedEndOn,
      endedOn: s.endedOn ?? "",
      returnedToPost: s.returnedToPost,
      titleAtHost: s.hostTitle,
      homeDepartment: s.homeDepartment,
      homePost: s.homePost,
      outcome: outcomeOf(s, secondments[i + 1], transfer),
      returnedToDepartment: s.returnedToDepartment,
      evidence: s.evidence,
    })),
    jobTypeHistory: jobTypes.map((c, i) => {
      const next = jobTypes[i + 1];
      return {
        jobType: c.toJobType,
        effectiveDate: c.effectiveDate,
        basis: c.basis,
        endedOn: next ? dayBefore(next.effectiveDate) : "",
        changeId: c.changeId,
        evidence: c.evidence,
      };
    }),
    overseasTraining: h.overseasSteps.map(overseasTrainingStep),
    certifications: h.certifications.map(certification),
    ...transferOf(h),
  };
}

export const overseasTrainingStep = (s: OverseasStepEntry): syncV1.OverseasTrainingStep => ({
  applicationId: s.applicationId,
  step: s.step,
  reachedOn: s.effectiveDate,
  programmeFiscalYear: s.programmeFiscalYear,
  countryCodes: s.countryCodes,
  evidence: s.evidence,
});

export const certification = (c: CertificationEntry): syncV1.Certification => ({
  certificationId: c.certificationId,
  certificationCode: c.code,
  certificationName: c.name,
  acquiredOn: c.effectiveDate,
  evidence: c.evidence,
  examFeeSubsidised: c.examFeeSubsidised,
});

/** Last day a secondment period covers as of `asOf` (a running one runs until asOf). */
const secondmentEnd = (s: Pick<syncV1.SecondmentPeriod, "endedOn">, asOf: string) =>
  minDate(s.endedOn || asOf, asOf);

function currentStatus(t: RotationTimeline, asOf: string): syncV1.CurrentStatus {
  const out = t.transferOfEmployment;
  if (out && out.transferredOn <= asOf) {
    return {
      status: syncV1.EmploymentStatus.TRANSFERRED_OUT,
      since: out.transferredOn,
      department: "",
      post: "",
      hostName: out.hostName,
      hostKind: out.hostKind,
    };
  }
  const seconded = t.secondments.find((s) => s.startsOn <= asOf && (!s.endedOn || asOf <= s.endedOn));
  if (seconded) {
    return {
      status: syncV1.EmploymentStatus.ON_SECONDMENT,
      since: seconded.startsOn,
      department: seconded.homeDepartment,
      post: seconded.homePost,
      hostName: seconded.hostName,
      hostKind: seconded.hostKind,
    };
  }
  const post = t.assignments.filter((a) => a.startedOn <= asOf).at(-1);
  return {
    status: post ? syncV1.EmploymentStatus.IN_POST : syncV1.EmploymentStatus.UNSPECIFIED,
    since: post?.startedOn ?? "",
    department: post?.department ?? "",
    post: post?.post ?? "",
    hostName: "",
    hostKind: secondmentV1.HostKind.UNSPECIFIED,
  };
}

function monthsSeconded(t: RotationTimeline, asOf: string): syncV1.HostKindMonths[] {
  const months = new Map<secondmentV1.HostKind, Set<string>>();
  for (const s of t.secondments.filter((s) => s.startsOn <= asOf)) {
    const set = months.get(s.hostKind) ?? new Set<string>();
    for (const m of monthsSpanned(s.startsOn, secondmentEnd(s, asOf))) set.add(m);
    months.set(s.hostKind, set);
  }
  return [...months].map(([hostKind, set]) => ({ hostKind, months: set.size }));
}

export function yearsByJobType(
  t: Pick<RotationTimeline, "jobTypeHistory">,
  asOf: string,
): syncV1.JobTypeYears[] {
  const days = new Map<string, number>();
  for (const p of t.jobTypeHistory.filter((p) => p.effectiveDate <= asOf)) {
    const d = daysInclusive(p.effectiveDate, minDate(p.endedOn || asOf, asOf));
    days.set(p.jobType, (days.get(p.jobType) ?? 0) + d);
  }
  return [...days].map(([jobType, d]) => ({ jobType, years: Math.round((d / 365.25) * 10) / 10 }));
}

/**
 * DQ/GQ balance: each day of the career counts once, for the secondment host when seconded and for the
 * department of the post otherwise, classified by the configuration.
 */
export function capabilityBalance(
  t: Pick<RotationTimeline, "assignments" | "secondments">,
  asOf: string,
  c: Classification,
): syncV1.CapabilityBalance {
  const days: Record<Capability | "none", number> = { DQ: 0, GQ: 0, none: 0 };
  const count = (capability: Capability | undefined, n: number) => {
    days[capability ?? "none"] += n;
  };
  const seconded = t.secondments.filter((s) => s.startsOn <= asOf);
  for (const s of seconded)
    count(capabilityOfHost(c, s.hostKind), daysInclusive(s.startsOn, secondmentEnd(s, asOf)));
  for (const a of t.assignments.filter((a) => a.startedOn <= asOf)) {
    const end = minDate(a.endedOn || asOf, asOf);
    const overlap = seconded.reduce((n, s) => {
      const from = s.startsOn > a.startedOn ? s.startsOn : a.startedOn;
      return n + daysInclusive(from, minDate(secondmentEnd(s, asOf), end));
    }, 0);
    count(capabilityOfDepartment(c, a.department), Math.max(0, daysInclusive(a.startedOn, end) - overlap));
  }
  const classified = days.DQ + days.GQ;
  const percent = (n: number) => (classified ? Math.round((n / classified) * 1000) / 10 : 0);
  const months = (n: number) => Math.round(n / DAYS_PER_MONTH);
  return {
    dqMonths: months(days.DQ),
    gqMonths: months(days.GQ),
    unclassifiedMonths: months(days.none),
    dqPercent: percent(days.DQ),
    gqPercent: percent(days.GQ),
  };
}

/** The rotation record as it reads on `asOf`: the timeline plus the status and totals up to that day. */
export function rotationRecordAsOf(
  t: RotationTimeline,
  asOf: string,
  classification: Classification,
): syncV1.RotationRecord {
  return {
    ...t,
    // Timelines stored before certifications joined the record lack them until their next fact or a rebuild.
    certifications: t.certifications ?? [],
    currentStatus: currentStatus(t, asOf),
    monthsSeconded: monthsSeconded(t, asOf),
    yearsByJobType: yearsByJobType(t, asOf),
    capabilityBalance: capabilityBalance(t, asOf, classification),
    asOf,
  };
}
