import { fiscalYearOf } from "@hr/kit";
import type { postingsV1, secondmentV1, skillsV1 } from "@hr/proto";
import { type EventRef, type Fact, inRecordedOrder, withRef } from "./facts";

/**
 * An employee's facts resolved into the things they are about (postings, job type changes,
 * assessments, secondments, training), each in its latest corrected form, voided ones marked. Facts are
 * applied in the order the owning services recorded them, so delivery order does not matter.
 */
export interface EmployeeHistory {
  employeeId: string;
  postings: Posting[];
  jobTypeChanges: JobTypeChangeEntry[];
  assessments: Assessment[];
  secondments: Secondment[];
  /** Transfers of employment (転籍) not voided: from a post, or at the end of a secondment. */
  transfers: TransferEntry[];
  completions: CompletionEntry[];
  certifications: CertificationEntry[];
  subsidies: SubsidyEntry[];
  surveys: SurveyEntry[];
  overseasSteps: OverseasStepEntry[];
  /** Target role settings and clearings on the skill map, by effective date (the last one is in force). */
  targetRoles: TargetRoleEntry[];
  /** Effective dates of every fact, voided ones included: the years whose records they touched. */
  effectiveDates: string[];
}

interface Entity {
  voided: boolean;
  evidence: EventRef[];
}

export interface Posting extends Entity {
  postingId: string;
  effectiveDate: string;
  department: string;
  post: string;
  kind: postingsV1.PostingKind;
  rank?: postingsV1.Rank | undefined;
}

export interface JobTypeChangeEntry extends Entity {
  changeId: string;
  effectiveDate: string;
  fromJobType: string;
  toJobType: string;
  basis: skillsV1.JobTypeChangeBasis;
}

export interface Assessment extends Entity {
  assessmentId: string;
  effectiveDate: string;
  skillId: string;
  level: number;
}

export interface TargetRoleEntry extends Entity {
  effectiveDate: string;
  /** Empty for a clearing: no target role from its date. */
  roleId: string;
  /** Skill map version the role was chosen from. */
  catalogueFiscalYear: number;
}

export interface Secondment extends Entity {
  secondmentId: string;
  hostKind: secondmentV1.HostKind;
  hostName: string;
  hostTitle: string;
  homeDepartment: string;
  homePost: string;
  /** Set once it started (an agreed secondment that never started is not a period). */
  startsOn?: string;
  plannedStartOn: string;
  plannedEndOn: string;
  endedOn?: string;
  returnedOn?: string;
  returnedToDepartment: string;
  returnedToPost: string;
  started: boolean;
}

export interface TransferEntry extends Entity {
  transferId: string;
  /** First day employed by the host. */
  effectiveDate: string;
  hostKind: secondmentV1.HostKind;
  hostName: string;
  fromDepartment: string;
  fromPost: string;
  /** Empty for a transfer from a post. */
  secondmentId: string;
}

export interface CompletionEntry extends Entity {
  completionId: string;
  effectiveDate: string;
  courseId: string;
  courseTitle: string;
  form: string;
  hours: number;
}

export interface CertificationEntry extends Entity {
  certificationId: string;
  effectiveDate: string;
  code: string;
  name: string;
  /** As acquired, then as `CertificationExamFeeSubsidisedChanged` says. */
  examFeeSubsidised: boolean;
}

export interface SubsidyEntry extends Entity {
  subsidyId: string;
  effectiveDate: string;
  kind: string;
  amountYen: number;
}

/** A training's effect: the mean score of its post survey against its pre survey (per course). */
export interface SurveyEntry extends Entity {
  surveyId: string;
  hasPre: boolean;
  hasPost: boolean;
  effectiveDate: string;
  courseId: string;
  preScore: number;
  postScore: number;
}

export interface OverseasStepEntry extends Entity {
  applicationId: string;
  step: string;
  effectiveDate: string;
  programmeFiscalYear: number;
  countryCodes: string[];
}

type Data = Record<string, unknown>;
const str = (data: Data, key: string): string => (typeof data[key] === "string" ? (data[key] as string) : "");
const num = (data: Data, key: string): number => (typeof data[key] === "number" ? (data[key] as number) : 0);
const opt = (data: Data, key: string): string | undefined =>
  typeof data[key] === "string" && data[key] !== "" ? (data[key] as string) : undefined;

/** Mutable working set while folding facts; every map is keyed by the business id facts refer to. */
class Builder {
  readonly postings = new Map<string, Posting>();
  readonly jobTypeChanges = new Map<string, JobTypeChangeEntry>();
  readonly assessments = new Map<string, Assessment>();
  readonly secondments = new Map<string, Secondment>();
  readonly transfers = new Map<string, TransferEntry>();
  readonly completions = new Map<string, CompletionEntry>();
  readonly certifications = new Map<string, CertificationEntry>();
  readonly subsidies = new Map<string, SubsidyEntry>();
  readonly surveys = new Map<string, SurveyEntry>();
  readonly overseasSteps = new Map<string, OverseasStepEntry>();
  readonly targetRoles = new Map<string, TargetRoleEntry>();
  private targetRoleRecords = 0;

  /**
   * The id of a target role setting or clearing. Events recorded before ids existed read as
   * `target-role-N`, N counting the employee's settings and clearings from 1 in recorded order (the
   * skills service's rule), so later corrections and voidings find them.
   */
  targetRoleId(d: Data): string {
    this.targetRoleRecords += 1;
    return str(d, "targetRoleId") || `target-role-${this.targetRoleRecords}`;
  }

  /** Creates or updates an entity; `values` of a later fact replace earlier ones (full values). */
  upsert<T extends Entity>(map: Map<string, T>, id: string, fact: Fact, values: Omit<T, keyof Entity>): T {
    const existing = map.get(id);
    const next = {
      ...(existing ?? { voided: false }),
      ...values,
      evidence: withRef(existing?.evidence ?? [], fact),
    } as T;
    map.set(id, next);
    return next;
  }

  /** Changes part of an entity; a change for an entity not (yet) known is kept as a stub. */
  patch<T extends Entity>(map: Map<string, T>, id: string, fact: Fact, changes: Partial<T>, stub: () => T) {
    const existing = map.get(id) ?? stub();
    map.set(id, { ...existing, ...changes, evidence: withRef(existing.evidence, fact) });
  }

  void<T extends Entity>(map: Map<string, T>, id: string, fact: Fact, stub: () => T) {
    this.patch(map, id, fact, { voided: true } as Partial<T>, stub);
  }
}

const blankSecondment = (secondmentId: string): Secondment => ({
  secondmentId,
  hostKind: "HOST_KIND_UNSPECIFIED" as secondmentV1.HostKind,
  hostName: "",
  hostTitle: "",
  homeDepartment: "",
  homePost: "",
  plannedStartOn: "",
  plannedEndOn: "",
  returnedToDepartment: "",
  returnedToPost: "",
  started: false,
  voided: false,
  evidence: [],
});

/** Stub for a voiding or correction that arrives for an entity no fact created: it stays invisible. */
const voidedStub =
  <T extends Entity>(values: Omit<T, keyof Entity>) =>
  (): T =>
    ({ ...values, voided: true, evidence: [] }) as unknown as T;

type Apply = (b: Builder, d: Data, fact: Fact) => void;

const postingValues = (d: Data, fact: Fact) => ({
  postingId: str(d, "postingId"),
  effectiveDate: fact.effectiveDate,
  department: str(d, "department"),
  post: str(d, "post"),
  kind: str(d, "kind") as postingsV1.PostingKind,
  rank: opt(d, "rank") as postingsV1.Rank | undefined,
});

const jobTypeValues = (d: Data, fact: Fact) => ({
  changeId: str(d, "changeId"),
  effectiveDate: fact.effectiveDate,
  fromJobType: str(d, "fromJobType"),
  toJobType: str(d, "toJobType"),
  basis: str(d, "basis") as skillsV1.JobTypeChangeBasis,
});

const assessmentValues = (d: Data, fact: Fact) => ({
  assessmentId: str(d, "assessmentId"),
  effectiveDate: fact.effectiveDate,
  skillId: str(d, "skillId"),
  level: num(d, "level"),
});

const secondmentPlan = (d: Data) => ({
  hostKind: str(d, "hostKind") as secondmentV1.HostKind,
  hostName: str(d, "hostName"),
  hostTitle: str(d, "hostTitle"),
  homeDepartment: str(d, "homeDepartment"),
  homePost: str(d, "homePost"),
  plannedEndOn: str(d, "plannedEndOn"),
});

/** A transfer's values; one at the end of a secondment recorded before transfers had ids is named by it. */
const transferValues = (d: Data, f: Fact) => ({
  transferId: str(d, "transferId") || str(d, "secondmentId"),
  effectiveDate: str(d, "transferredOn") || f.effectiveDate,
  hostKind: str(d, "hostKind") as secondmentV1.HostKind,
  hostName: str(d, "hostName"),
  fromDepartment: str(d, "fromDepartment"),
  fromPost: str(d, "fromPost"),
  secondmentId: str(d, "secondmentId"),
});

/** Fields of a secondment correction; empty on events recorded before they could be corrected. */
const correctedSecondment = (d: Data): Partial<Secondment> => {
  const fields = {
    hostKind: opt(d, "hostName") ? str(d, "hostKind") : undefined,
    hostName: opt(d, "hostName"),
    hostTitle: opt(d, "hostTitle"),
    homeDepartment: opt(d, "homeDepartment"),
    homePost: opt(d, "homePost"),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Secondment>;
};

/** A setting's values; a clearing (or a correction of one) has no role. */
const targetRoleValues = (d: Data, f: Fact) => ({
  effectiveDate: f.effectiveDate,
  roleId: str(d, "roleId"),
  catalogueFiscalYear: num(d, "catalogueFiscalYear"),
});

/** The countries of a step's destinations (visited, planned or proposed), each once, sorted. */
const countryCodes = (d: Data): string[] => {
  const countries = [
    ...((d.destinationsVisited as Data[] | undefined) ?? []),
    ...((d.plannedDestinations as Data[] | undefined) ?? []),
    ...((d.candidateDestinations as Data[] | undefined) ?? []),
  ].map((x) => str(x, "countryCode"));
  return [...new Set(countries.filter(Boolean))].sort();
};

const overseasStep =
  (step: string): Apply =>
  (b, d, fact) => {
    const applicationId = str(d, "applicationId");
    const entry = b.upsert(b.overseasSteps, `${applicationId}:${step}`, fact, {
      applicationId,
      step,
      effectiveDate: fact.effectiveDate,
      programmeFiscalYear: num(d, "fiscalYear"),
      countryCodes: countryCodes(d),
    });
    // A step reached again after it was voided counts again.
    entry.voided = false;
  };

const completionValues = (d: Data, f: Fact) => ({
  completionId: str(d, "completionId"),
  effectiveDate: f.effectiveDate,
  courseId: str(d, "courseId"),
  courseTitle: str(d, "courseTitle"),
  form: str(d, "form"),
  hours: num(d, "hours"),
});

const subsidyValues = (d: Data, f: Fact) => ({
  subsidyId: str(d, "subsidyId"),
  effectiveDate: f.effectiveDate,
  kind: str(d, "kind"),
  amountYen: num(d, "approvedAmountYen"),
});

const certificationValues = (d: Data, f: Fact) => ({
  certificationId: str(d, "certificationId"),
  effectiveDate: f.effectiveDate,
  code: str(d, "certificationCode"),
  name: str(d, "certificationName"),
  examFeeSubsidised: d.examFeeSubsidised === true,
});

/**
 * A subsidy's decision (or corrected values): an approval counts under the fact's date (the decision's),
 * anything else does not. A later fact replaces an earlier one, so an approval after a refusal counts again.
 */
function subsidyDecision(b: Builder, d: Data, f: Fact): void {
  const subsidyId = str(d, "subsidyId");
  const stub = voidedStub<SubsidyEntry>(subsidyValues(d, f));
  if (d.approved !== true) b.void(b.subsidies, subsidyId, f, stub);
  else b.patch(b.subsidies, subsidyId, f, { ...subsidyValues(d, f), voided: false }, stub);
}

const live = <T extends Entity>(map: Map<string, T>, date: (t: T) => string): T[] =>
  [...map.values()]
    .filter((e) => !e.voided)
    .sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0));

/** Folds an employee's facts (any order, duplicates allowed) into their history. */
export function employeeHistory(employeeId: string, facts: readonly Fact[]): EmployeeHistory {
  const unique = inRecordedOrder(facts);
  const b = new Builder();
  for (const fact of unique) applyOf(fact.type)?.(b, fact.data, fact);
  const byDate = (e: { effectiveDate: string }) => e.effectiveDate;
  return {
    employeeId,
    postings: live(b.postings, (p) => `${p.effectiveDate}|${p.postingId}`),
    jobTypeChanges: live(b.jobTypeChanges, (c) => `${c.effectiveDate}|${c.changeId}`),
    assessments: live(b.assessments, (a) => `${a.effectiveDate}|${a.assessmentId}`),
    secondments: live(b.secondments, (s) => `${s.startsOn ?? s.plannedStartOn}|${s.secondmentId}`),
    transfers: live(b.transfers, (t) => `${t.effectiveDate}|${t.transferId}`),
    completions: live(b.completions, byDate),
    certifications: live(b.certifications, byDate),
    subsidies: live(b.subsidies, byDate),
    surveys: live(b.surveys, byDate).filter((x) => x.hasPre && x.hasPost),
    overseasSteps: live(b.overseasSteps, (s) => `${s.effectiveDate}|${s.step}`),
    // Same-day settings keep the order they were recorded in (the sort is stable).
    targetRoles: live(b.targetRoles, byDate),
    effectiveDates: [...new Set(unique.map((f) => f.effectiveDate))].sort(),
  };
}

/**
 * A fact that a later event corrects with full values or voids, both naming it by `idKey`: the
 * recorded and the corrected event set the values, the voiding marks it.
 */
function correctable<T extends Entity>(
  [recorded, corrected, voided]: [string, string, string],
  map: (b: Builder) => Map<string, T>,
  idKey: string,
  values: (d: Data, fact: Fact) => Omit<T, keyof Entity>,
): Record<string, Apply> {
  const set: Apply = (b, d, f) => b.upsert(map(b), str(d, idKey), f, values(d, f));
  return {
    [recorded]: set,
    ...(corrected ? { [corrected]: set } : {}),
    [voided]: (b, d, f) => b.void(map(b), str(d, idKey), f, voidedStub<T>(values(d, f))),
  };
}

/** How each event type changes the history. A type without an entry here changes nothing. */
export const APPLY: Record<string, Apply> = {
  ...correctable(
    ["hr.postings.v1.PostingRecorded", "hr.postings.v1.PostingCorrected", "hr.postings.v1.PostingVoided"],
    (b) => b.postings,
    "postingId",
    postingValues,
  ),
  ...correctable(
    [
      "hr.skills.v1.JobTypeChanged",
      "hr.skills.v1.JobTypeChangeCorrected",
      "hr.skills.v1.JobTypeChangeVoided",
    ],
    (b) => b.jobTypeChanges,
    "changeId",
    jobTypeValues,
  ),
  ...correctable(
    [
      "hr.skills.v1.SkillAssessed",
      "hr.skills.v1.SkillAssessmentCorrected",
      "hr.skills.v1.SkillAssessmentVoided",
    ],
    (b) => b.assessments,
    "assessmentId",
    assessmentValues,
  ),
  // Settings and clearings (a clearing: no role), each corrected with full values or voided by its id;
  // the latest by effective date is in force.
  "hr.skills.v1.TargetRoleSet": (b, d, f) =>
    b.upsert(b.targetRoles, b.targetRoleId(d), f, targetRoleValues(d, f)),
  "hr.skills.v1.TargetRoleCleared": (b, d, f) =>
    b.upsert(b.targetRoles, b.targetRoleId(d), f, targetRoleValues(d, f)),
  "hr.skills.v1.TargetRoleCorrected": (b, d, f) =>
    b.upsert(b.targetRoles, str(d, "targetRoleId"), f, targetRoleValues(d, f)),
  "hr.skills.v1.TargetRoleVoided": (b, d, f) =>
    b.void(b.targetRoles, str(d, "targetRoleId"), f, voidedStub<TargetRoleEntry>(targetRoleValues(d, f))),

  "hr.secondment.v1.SecondmentAgreed": (b, d, f) =>
    b.patch(
      b.secondments,
      str(d, "secondmentId"),
      f,
      { ...secondmentPlan(d), plannedStartOn: str(d, "plannedStartOn") },
      () => blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentStarted": (b, d, f) =>
    b.patch(
      b.secondments,
      str(d, "secondmentId"),
      f,
      { ...secondmentPlan(d), startsOn: str(d, "startsOn") || f.effectiveDate, started: true },
      () => blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentExtended": (b, d, f) =>
    b.patch(b.secondments, str(d, "secondmentId"), f, { plannedEndOn: str(d, "plannedEndOn") }, () =>
      blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentEnded": (b, d, f) =>
    b.patch(b.secondments, str(d, "secondmentId"), f, { endedOn: str(d, "endedOn") || f.effectiveDate }, () =>
      blankSecondment(str(d, "secondmentId")),
    ),
  // An end or extension voided as recorded in error: the secondment runs to its planned last day again,
  // the one in force after the voiding.
  "hr.secondment.v1.SecondmentEndVoided": (b, d, f) =>
    b.patch(
      b.secondments,
      str(d, "secondmentId"),
      f,
      { endedOn: undefined, plannedEndOn: str(d, "plannedEndOn") },
      () => blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentExtensionVoided": (b, d, f) =>
    b.patch(b.secondments, str(d, "secondmentId"), f, { plannedEndOn: str(d, "plannedEndOn") }, () =>
      blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentReturned": (b, d, f) =>
    b.patch(
      b.secondments,
      str(d, "secondmentId"),
      f,
      {
        returnedOn: str(d, "returnedOn") || f.effectiveDate,
        returnedToDepartment: str(d, "department"),
        returnedToPost: str(d, "post"),
      },
      () => blankSecondment(str(d, "secondmentId")),
    ),
  // A transfer at the end of a secondment, and one from a post: both transfers, corrected or voided by id.
  ...correctable(
    [
      "hr.secondment.v1.EmploymentTransferred",
      "hr.secondment.v1.EmploymentTransferCorrected",
      "hr.secondment.v1.EmploymentTransferVoided",
    ],
    (b) => b.transfers,
    "transferId",
    transferValues,
  ),
  "hr.secondment.v1.SecondmentTransferredOut": (b, d, f) =>
    b.upsert(b.transfers, transferValues(d, f).transferId, f, transferValues(d, f)),
  "hr.secondment.v1.SecondmentReturnCorrected": (b, d, f) =>
    b.patch(
      b.secondments,
      str(d, "secondmentId"),
      f,
      {
        returnedOn: str(d, "returnedOn") || f.effectiveDate,
        returnedToDepartment: str(d, "department"),
        returnedToPost: str(d, "post"),
      },
      () => blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentReturnVoided": (b, d, f) =>
    b.patch(
      b.secondments,
      str(d, "secondmentId"),
      f,
      { returnedOn: undefined, returnedToDepartment: "", returnedToPost: "" },
      () => blankSecondment(str(d, "secondmentId")),
    ),
  "hr.secondment.v1.SecondmentCancelled": (b, d, f) =>
    b.void(b.secondments, str(d, "secondmentId"), f, () => blankSecondment(str(d, "secondmentId"))),
  "hr.secondment.v1.SecondmentCorrected": (b, d, f) => {
    const id = str(d, "secondmentId");
    const endedOn = opt(d, "endedOn");
    const startsOn = str(d, "startsOn");
    const started = b.secondments.get(id)?.started ?? false;
    b.patch(
      b.secondments,
      id,
      f,
      {
        plannedEndOn: str(d, "plannedEndOn"),
        ...(started ? { startsOn } : { plannedStartOn: startsOn }),
        ...(endedOn ? { endedOn } : {}),
        ...correctedSecondment(d),
      },
      () => blankSecondment(id),
    );
  },

  ...correctable(
    [
      "hr.training.v1.TrainingCompleted",
      "hr.training.v1.CompletionCorrected",
      "hr.training.v1.CompletionVoided",
    ],
    (b) => b.completions,
    "completionId",
    completionValues,
  ),
  ...correctable(
    ["hr.training.v1.CertificationAcquired", "", "hr.training.v1.CertificationVoided"],
    (b) => b.certifications,
    "certificationId",
    certificationValues,
  ),
  "hr.training.v1.CertificationExamFeeSubsidisedChanged": (b, d, f) =>
    b.patch(
      b.certifications,
      str(d, "certificationId"),
      f,
      { examFeeSubsidised: d.examFeeSubsidised === true },
      voidedStub<CertificationEntry>(certificationValues(d, f)),
    ),
  "hr.training.v1.CertificationSubsidyDecided": (b, d, f) => subsidyDecision(b, d, f),
  // Full values: a decided and approved subsidy counts (under its decision date), any other does not.
  "hr.training.v1.CertificationSubsidyCorrected": (b, d, f) =>
    subsidyDecision(b, { ...d, approved: d.decided === true && d.approved === true }, f),
  "hr.training.v1.CertificationSubsidyVoided": (b, d, f) =>
    b.void(b.subsidies, str(d, "subsidyId"), f, voidedStub<SubsidyEntry>(subsidyValues(d, f))),
  "hr.training.v1.SurveyRecorded": (b, d, f) => {
    const answers = (d.answers as Data[] | undefined) ?? [];
    const score = answers.length ? answers.reduce((n, a) => n + num(a, "score"), 0) / answers.length : 0;
    const surveyId = str(d, "courseId") || str(d, "surveyId");
    const pre = str(d, "phase") === "SURVEY_PHASE_PRE";
    // One pre and one post per course and fiscal year (training's rule): a course retaken later is
    // measured again, its pair apart from the earlier year's.
    b.patch(
      b.surveys,
      `${surveyId}|FY${fiscalYearOf(f.effectiveDate)}`,
      f,
      pre
        ? { preScore: score, hasPre: true }
        : { postScore: score, hasPost: true, effectiveDate: f.effectiveDate },
      () => ({
        surveyId,
        courseId: str(d, "courseId"),
        effectiveDate: f.effectiveDate,
        preScore: 0,
        postScore: 0,
        hasPre: false,
        hasPost: false,
        voided: false,
        evidence: [],
      }),
    );
  },
  // Overseas dispatch training: a step's date corrected, or the latest step voided (a plan refined
  // earlier stays reached, on its date).
  // A corrected plan's destinations (full values) are the step's countries.
  "hr.training.v1.OverseasTrainingStepCorrected": (b, d, f) => {
    const applicationId = str(d, "applicationId");
    const countries = countryCodes({ candidateDestinations: d.candidateDestinations });
    b.patch(
      b.overseasSteps,
      `${applicationId}:${overseasStepOf(d)}`,
      f,
      {
        // An appointment corrected: the step counts from the latest appointment.
        effectiveDate: opt(d, "stepReachedOn") ?? f.effectiveDate,
        ...(countries.length > 0 ? { countryCodes: countries } : {}),
      },
      overseasStepStub(d, f),
    );
    // An appointment's host corrected after the certification (and the report meeting): the steps that
    // list the hosts take their countries as corrected.
    for (const [step, key] of HOSTS_LISTED_BY) {
      const listed = countryCodes({ [key]: d[key] });
      if (listed.length === 0) continue;
      b.patch(
        b.overseasSteps,
        `${applicationId}:${step}`,
        f,
        { countryCodes: listed },
        overseasStepStub({ ...d, step }, f),
      );
    }
  },
  "hr.training.v1.OverseasTrainingStepVoided": (b, d, f) => {
    const id = `${str(d, "applicationId")}:${overseasStepOf(d)}`;
    const stillOn = opt(d, "stepStillReachedOn");
    if (stillOn) b.patch(b.overseasSteps, id, f, { effectiveDate: stillOn }, overseasStepStub(d, f));
    else b.void(b.overseasSteps, id, f, overseasStepStub(d, f));
  },
};

/**
 * Overseas dispatch training: every `hr.training.v1.OverseasTraining<Step>` event is a step reached,
 * named after the event (`OverseasTrainingTraineeCertified` -> `TRAINEE_CERTIFIED`), so a step the
 * training service adds later is recorded without a change here.
 */
const OVERSEAS_PREFIX = "hr.training.v1.OverseasTraining";
/** A step as the training service names it (`OVERSEAS_TRAINING_STEP_REPORT_PRESENTED`) -> the step here. */
const overseasStepOf = (d: Data): string => {
  const step = str(d, "step").replace("OVERSEAS_TRAINING_STEP_", "");
  return step === "REPORT_PRESENTED" ? "COMPLETED" : step;
};
/** The steps whose event lists the appointments' hosts, and the field of a correction that lists them anew. */
const HOSTS_LISTED_BY = [
  ["TRAINEE_CERTIFIED", "plannedDestinations"],
  ["COMPLETED", "destinationsVisited"],
] as const;
const overseasStepStub = (d: Data, f: Fact) =>
  voidedStub<OverseasStepEntry>({
    applicationId: str(d, "applicationId"),
    step: overseasStepOf(d),
    effectiveDate: f.effectiveDate,
    programmeFiscalYear: 0,
    countryCodes: [],
  });
const stepName = (type: string) =>
  type
    .slice(OVERSEAS_PREFIX.length)
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toUpperCase();
const applyOf = (type: string): Apply | undefined =>
  APPLY[type] ?? (type.startsWith(OVERSEAS_PREFIX) ? overseasStep(stepName(type)) : undefined);
