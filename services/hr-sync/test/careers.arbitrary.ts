import { addDays, fiscalYearBounds, fiscalYearOf } from "@hr/kit";
import fc from "fast-check";
import { DEFAULT_SKILL_MAPS } from "../src/domain";

/**
 * Random but valid careers for the property-based test of hr-sync's records (issue 17, "Proof"): every
 * event message of the four topics, recorded the way the owning services record them. Each stream (an
 * employee's postings, skill profile, training record and secondments; each overseas dispatch training
 * application) is a little state machine that only emits what its service's decider would accept:
 * corrections and voidings name a fact recorded before them in the same stream, a voided fact is never
 * corrected again, secondments do not overlap, an end comes after the start and a return after the end.
 * Dates lie in FY2000-FY2030, biased to the first and last day of a fiscal year, so corrections move facts
 * between years and empty them. The streams are interleaved into one recorded order; every command gets a
 * `ce_time` from the clock of the replica that appended it (a few seconds of skew between replicas), so
 * `ce_time` can run backwards inside a stream while `ce_sequence` never does.
 *
 * The arbitrary draws plain numbers and an interpreter turns them into events, so fast-check shrinks a
 * failing career by dropping steps and lowering numbers, and what it shrinks to is still a valid career.
 */

export type Topic = "hr.skills.v1" | "hr.training.v1" | "hr.secondment.v1" | "hr.postings.v1";

/** One event as its service appended it, before it names an employee (see `career.messages.ts`). */
export interface CareerEvent {
  topic: Topic;
  /** The stream it was appended to (the service's own name for it) and its 1-based position there. */
  stream: string;
  version: number;
  /** The message's name in its package, e.g. `PostingRecorded`. */
  type: string;
  effectiveDate: string;
  /** The message's fields but `employeeId`, in ts-proto's shape. */
  data: Record<string, unknown>;
  /** `ce_time`: the appending replica's clock, in ms since the epoch. */
  recordedAt: number;
}

/** A career: its events in the order the services recorded them. */
export interface Career {
  events: CareerEvent[];
}

export const FIRST_DAY = fiscalYearBounds(2000).start;
export const LAST_DAY = fiscalYearBounds(2030).end;
const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/**
 * Turns drawn numbers into choices. Every choice shrinks towards its first option (index 0, the earliest
 * date, `false`, no skew), so a shrunk counterexample reads simply.
 */
class Dice {
  private at = 0;
  constructor(private readonly numbers: readonly number[]) {}

  private next(): number {
    const n = this.numbers.length ? this.numbers[this.at % this.numbers.length]! : 0;
    this.at += 1;
    return n;
  }

  int(lo: number, hi: number): number {
    return hi <= lo ? lo : lo + (this.next() % (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(percent: number): boolean {
    return this.next() % 100 >= 100 - percent;
  }

  /** Around 0, both signs: 0, -1, 1, -2, 2, ... up to ±max. */
  signed(max: number): number {
    const v = this.next() % (2 * max + 1);
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** A day in [from, to], often one of its ends or the first or last day of a fiscal year in it. */
  date(from: string, to: string): string {
    if (to <= from) return from;
    const uniform = () => addDays(from, this.int(0, dayNumber(to) - dayNumber(from)));
    switch (this.int(0, 5)) {
      case 0:
        return from;
      case 1:
        return to;
      case 2: {
        const fy = this.int(fiscalYearOf(from), fiscalYearOf(to));
        const start = fiscalYearBounds(fy).start;
        return start >= from && start <= to ? start : uniform();
      }
      case 3: {
        const fy = this.int(fiscalYearOf(from), fiscalYearOf(to));
        const end = fiscalYearBounds(fy).end;
        return end >= from && end <= to ? end : uniform();
      }
      default:
        return uniform();
    }
  }
}

/** The days a career's facts fall in. */
interface Frame {
  from: string;
  to: string;
}

interface Draft {
  /** Position in the stream when not simply the next one (group applications). */
  version?: number;
  type: string;
  effectiveDate: string;
  data: Record<string, unknown>;
}
/** One command's events: appended together, so they share a `ce_time`. */
type Command = Draft[];
const ev = (type: string, effectiveDate: string, data: Record<string, unknown>): Draft => ({
  type,
  effectiveDate,
  data: { effectiveDate, ...data },
});

const DEPARTMENTS = [
  "総務局 人事部",
  "デジタルサービス局 総務部 総務課",
  "Digital Services Bureau",
  "財務局 主計部",
  "都市整備局",
];
const POSTS = ["主事", "主任", "課長代理", "課長", "部長"];
const POSTING_KINDS = [
  "POSTING_KIND_REGULAR_TRANSFER",
  "POSTING_KIND_PROMOTION",
  "POSTING_KIND_INTERNAL_JOB_POSTING",
  "POSTING_KIND_RETURN_FROM_SECONDMENT",
  "POSTING_KIND_NEW_HIRE",
  "POSTING_KIND_OTHER",
];
const RANKS = [
  "RANK_SECTION_CHIEF",
  "RANK_STAFF",
  "RANK_CHIEF",
  "RANK_DEPUTY_SECTION_CHIEF",
  "RANK_DEPARTMENT_DIRECTOR",
  "RANK_DIRECTOR_GENERAL",
];
const POSTING_REASONS = [
  "POSTING_CORRECTION_REASON_WRONG_DATE",
  "POSTING_CORRECTION_REASON_WRONG_DETAILS",
  "POSTING_CORRECTION_REASON_CALLED_OFF",
];

/** hr.postings.v1, one stream per employee (hr-sync's own postings decider). */
function postings(steps: readonly Dice[], f: Frame): Command[] {
  const live = new Map<string, string>(); // posting id -> effective date, while not voided
  const out: Command[] = [];
  const values = (d: Dice) => ({
    department: d.pick(DEPARTMENTS),
    post: d.pick(POSTS),
    kind: d.pick(POSTING_KINDS),
  });
  for (const d of steps) {
    const action = live.size ? d.int(0, 4) : 0;
    if (action <= 2) {
      const postingId = `p${out.length + 1}`;
      const date = d.date(f.from, f.to);
      live.set(postingId, date);
      const rank = d.chance(85) ? { rank: d.pick(RANKS) } : {};
      out.push([ev("PostingRecorded", date, { postingId, ...values(d), ...rank })]);
      continue;
    }
    const postingId = d.pick([...live.keys()]);
    const reason = d.pick(POSTING_REASONS);
    if (action === 3) {
      const date = d.chance(60) ? d.date(f.from, f.to) : live.get(postingId)!;
      live.set(postingId, date);
      const rank = d.chance(85) ? d.pick(RANKS) : "RANK_UNSPECIFIED";
      out.push([ev("PostingCorrected", date, { postingId, ...values(d), rank, reason })]);
    } else {
      out.push([ev("PostingVoided", live.get(postingId)!, { postingId, reason })]);
      live.delete(postingId);
    }
  }
  return out;
}

const JOB_TYPES = ["ADMINISTRATIVE", "ICT", "ELECTRICAL", "CIVIL_ENGINEERING", "MECHANICAL"];
const BASES = [
  "JOB_TYPE_CHANGE_BASIS_PASSED_SELECTION",
  "JOB_TYPE_CHANGE_BASIS_HIRING",
  "JOB_TYPE_CHANGE_BASIS_QUALIFICATION",
  "JOB_TYPE_CHANGE_BASIS_REORGANISATION",
  "JOB_TYPE_CHANGE_BASIS_OTHER",
];
const ROLES = DEFAULT_SKILL_MAPS.flatMap((m) => m.roles)
  .map((r) => r.id)
  .filter((id, i, all) => all.indexOf(id) === i)
  .slice(0, 4);
/** Skills some of those roles require, so assessments can meet a target role or fall short of it. */
export const SKILLS = DEFAULT_SKILL_MAPS[0]!.roles
  .slice(0, 2)
  .flatMap((r) => r.requirements.map((q) => q.skillId))
  .filter((id, i, all) => all.indexOf(id) === i)
  .slice(0, 5);
const RECORD_REASONS = ["RECORD_CHANGE_REASON_ENTRY_ERROR", "RECORD_CHANGE_REASON_LATE_CHANGE"];

/** A setting (value) or clearing (no value) of a choice that holds until the next: target role, track. */
interface Step {
  id: string;
  value: string | undefined;
  date: string;
  /** Recorded before the skills service gave steps ids: the event carries none. */
  legacy: boolean;
}

/** The skills service's timeline rules: a clearing follows a setting; each step changes the value. */
function validTimeline(steps: readonly Step[]): boolean {
  const sorted = [...steps].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return sorted.every((s, i) => {
    const previous = sorted[i - 1];
    return !(s.value === undefined && previous?.value === undefined) && s.value !== previous?.value;
  });
}

interface TimelineKind {
  values: readonly string[];
  newId: (n: number) => string;
  /** Whether early steps may lack ids, as those recorded before the skills service gave them. */
  legacyIds: boolean;
  set: (s: Step, d: Dice) => Draft;
  clear: (s: Step) => Draft;
  correct: (s: Step, was: Step, d: Dice) => Draft;
  void: (s: Step, d: Dice) => Draft;
}

/**
 * One timeline of the skill profile (target role or career track): a new step is not dated before the one
 * in force; corrections and voidings keep the timeline valid.
 */
class Timeline {
  readonly steps: Step[] = [];
  /** Settings and clearings recorded, voided ones too: legacy steps are known as `target-role-N`. */
  private recorded = 0;

  constructor(readonly kind: TimelineKind) {}

  next(d: Dice, f: Frame): Command | undefined {
    const { kind, steps } = this;
    const current = [...steps].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).at(-1);
    const action = d.int(0, 3);
    if (action <= 1 || !current) {
      const clearing = action === 1 && current?.value !== undefined;
      const value = clearing ? undefined : d.pick(kind.values.filter((v) => v !== current?.value));
      this.recorded += 1;
      const legacy =
        kind.legacyIds && this.recorded === steps.length + 1 && steps.every((s) => s.legacy) && d.chance(30);
      const date = d.date(current ? maxDate(current.date, f.from) : f.from, f.to);
      const step = {
        id: legacy ? `target-role-${this.recorded}` : kind.newId(this.recorded),
        value,
        date,
        legacy,
      };
      steps.push(step);
      return [clearing ? kind.clear(step) : kind.set(step, d)];
    }
    const target = d.pick(steps);
    if (action === 2) {
      const corrected = {
        ...target,
        date: d.chance(60) ? d.date(f.from, f.to) : target.date,
        value: target.value === undefined ? undefined : d.pick(kind.values),
      };
      const after = steps.map((s) => (s === target ? corrected : s));
      if (!validTimeline(after) || (corrected.date === target.date && corrected.value === target.value))
        return;
      steps.splice(steps.indexOf(target), 1, corrected);
      return [kind.correct(corrected, target, d)];
    }
    if (!validTimeline(steps.filter((s) => s !== target))) return;
    steps.splice(steps.indexOf(target), 1);
    return [kind.void(target, d)];
  }
}

const TARGET_ROLE: TimelineKind = {
  values: ROLES,
  newId: (k) => `tr${k}`,
  legacyIds: true,
  set: (s, d) =>
    ev("TargetRoleSet", s.date, {
      ...(s.legacy ? {} : { targetRoleId: s.id }),
      roleId: s.value,
      catalogueFiscalYear: d.pick([2024, 2025]),
    }),
  clear: (s) => ev("TargetRoleCleared", s.date, s.legacy ? {} : { targetRoleId: s.id }),
  correct: (s, was, d) =>
    ev("TargetRoleCorrected", s.date, {
      targetRoleId: s.id,
      ...(s.value === undefined ? {} : { roleId: s.value, catalogueFiscalYear: d.pick([2024, 2025]) }),
      reasonCode: d.pick(RECORD_REASONS),
      replacedEffectiveDate: was.date,
      ...(was.value === undefined ? {} : { replacedRoleId: was.value }),
    }),
  void: (s, d) => ev("TargetRoleVoided", s.date, { targetRoleId: s.id, reasonCode: d.pick(RECORD_REASONS) }),
};

const CAREER_TRACK: TimelineKind = {
  values: ["CAREER_TRACK_MANAGEMENT", "CAREER_TRACK_SPECIALIST"],
  newId: (k) => `ct${k}`,
  legacyIds: false,
  set: (s) => ev("CareerTrackChosen", s.date, { choiceId: s.id, track: s.value }),
  clear: (s) => ev("CareerTrackCleared", s.date, { choiceId: s.id }),
  correct: (s, was, d) =>
    ev("CareerTrackChoiceCorrected", s.date, {
      choiceId: s.id,
      ...(s.value === undefined ? {} : { track: s.value }),
      reasonCode: d.pick(RECORD_REASONS),
      replacedEffectiveDate: was.date,
      ...(was.value === undefined ? {} : { replacedTrack: was.value }),
    }),
  void: (s, d) =>
    ev("CareerTrackChoiceVoided", s.date, { choiceId: s.id, reasonCode: d.pick(RECORD_REASONS) }),
};

/** hr.skills.v1, one profile stream per employee: job types, assessments, target role, career track. */
function skills(steps: readonly Dice[], f: Frame): Command[] {
  const jobTypes = new Map<string, { date: string; from: string; to: string; basis: string }>();
  const assessments = new Map<string, { date: string; skillId: string; level: number }>();
  const roles = new Timeline(TARGET_ROLE);
  const tracks = new Timeline(CAREER_TRACK);
  const out: Command[] = [];
  const detail = (basis: string) =>
    basis.endsWith("QUALIFICATION") || basis.endsWith("OTHER") ? { basisDetail: "code-AP" } : {};
  const jobType = (c: { from: string; to: string; basis: string }) => ({
    ...(c.from ? { fromJobType: c.from } : {}),
    toJobType: c.to,
    basis: c.basis,
    ...detail(c.basis),
  });
  for (const d of steps) {
    const action = d.int(0, 9);
    const n = out.length + 1;
    let command: Command | undefined;
    if (action === 0 || (action <= 2 && !jobTypes.size)) {
      const date = d.date(f.from, f.to);
      const from =
        [...jobTypes.values()]
          .filter((c) => c.date <= date)
          .sort((a, b) => (a.date < b.date ? -1 : 1))
          .at(-1)?.to ?? "";
      const change = { date, from, to: d.pick(JOB_TYPES.filter((t) => t !== from)), basis: d.pick(BASES) };
      jobTypes.set(`j${n}`, change);
      command = [ev("JobTypeChanged", date, { changeId: `j${n}`, ...jobType(change) })];
    } else if (action <= 2) {
      const changeId = d.pick([...jobTypes.keys()]);
      const was = jobTypes.get(changeId)!;
      if (action === 1) {
        const now = {
          ...was,
          date: d.chance(60) ? d.date(f.from, f.to) : was.date,
          to: d.pick(JOB_TYPES),
          basis: d.pick(BASES),
        };
        jobTypes.set(changeId, now);
        command = [
          ev("JobTypeChangeCorrected", now.date, {
            changeId,
            ...jobType(now),
            reasonCode: d.pick(RECORD_REASONS),
            replacedEffectiveDate: was.date,
            ...(was.from ? { replacedFromJobType: was.from } : {}),
            replacedToJobType: was.to,
            replacedBasis: was.basis,
            ...(detail(was.basis).basisDetail ? { replacedBasisDetail: "code-AP" } : {}),
          }),
        ];
      } else {
        jobTypes.delete(changeId);
        command = [ev("JobTypeChangeVoided", was.date, { changeId, reasonCode: d.pick(RECORD_REASONS) })];
      }
    } else if (action === 3 || (action <= 5 && !assessments.size)) {
      const a = { date: d.date(f.from, f.to), skillId: d.pick(SKILLS), level: d.int(1, 5) };
      assessments.set(`a${n}`, a);
      command = [
        ev("SkillAssessed", a.date, {
          assessmentId: `a${n}`,
          skillId: a.skillId,
          level: a.level,
          assessor: d.pick(["ASSESSOR_KIND_SELF", "ASSESSOR_KIND_MANAGER", "ASSESSOR_KIND_EXPERT"]),
          catalogueFiscalYear: d.pick([2024, 2025]),
        }),
      ];
    } else if (action <= 5) {
      const assessmentId = d.pick([...assessments.keys()]);
      const was = assessments.get(assessmentId)!;
      if (action === 4) {
        // A correction changes the skill or the level; its date stays the assessment's.
        const now = d.chance(50)
          ? { ...was, level: (was.level % 5) + 1 }
          : { ...was, skillId: d.pick(SKILLS.filter((s) => s !== was.skillId)) };
        assessments.set(assessmentId, now);
        command = [
          ev("SkillAssessmentCorrected", was.date, {
            assessmentId,
            skillId: now.skillId,
            level: now.level,
            catalogueFiscalYear: d.pick([2024, 2025]),
            reasonCode: d.pick(RECORD_REASONS),
          }),
        ];
      } else {
        assessments.delete(assessmentId);
        command = [
          ev("SkillAssessmentVoided", was.date, { assessmentId, reasonCode: d.pick(RECORD_REASONS) }),
        ];
      }
    } else if (action <= 7) {
      command = roles.next(d, f);
    } else {
      command = tracks.next(d, f);
    }
    if (command) out.push(command);
  }
  return out;
}

const COURSES = ["dx-basics", "cloud-101", "security-awareness"];
const FORMS = ["TRAINING_FORM_E_LEARNING", "TRAINING_FORM_CLASSROOM", "TRAINING_FORM_WORKSHOP"];
const CERTIFICATIONS = ["IPA-AP", "IPA-SC", "IPA-FE"];
const CORRECTION_REASONS = ["CORRECTION_REASON_WRONG_DATE", "CORRECTION_REASON_WRONG_HOURS_OR_SCORE"];
const VOID_REASONS = ["VOID_REASON_DUPLICATE", "VOID_REASON_DATA_ENTRY_ERROR"];

interface Certification {
  date: string;
  code: string;
  /** Said to be subsidised when recorded (outside the subsidies recorded here). */
  outside: boolean;
  /** `examFeeSubsidised` as last published. */
  flag: boolean;
}
interface Subsidy {
  requestedOn: string;
  code: string;
  examOn: string;
  kind: string;
  amount: number;
  decision?: { on: string; approved: boolean; amount: number };
}

/** Another live subsidy of the same certification and exam date (the training service allows one). */
const twinOf = (subsidies: Map<string, Subsidy>, s: Subsidy, id?: string) =>
  [...subsidies.entries()].some(
    ([k, x]) => k !== id && x !== s && x.code === s.code && x.examOn === s.examOn,
  );

const decision = (d: Dice, s: Subsidy, on: string) => {
  const approved = d.chance(70);
  return { on, approved, amount: approved ? d.int(1, s.amount / 1000) * 1000 : 0 };
};
const decisionValues = (x: NonNullable<Subsidy["decision"]>) => ({
  approved: x.approved,
  ...(x.approved
    ? { approvedAmountYen: x.amount }
    : { refusalReason: "SUBSIDY_REFUSAL_REASON_BUDGET_EXHAUSTED" }),
});

/**
 * The training service's exam-fee flag: said so when recorded, or the certification's exam (the code's
 * latest subsidised exam on or before it, after the code's previous certification) has an approved subsidy.
 */
function subsidised(
  c: Certification,
  certifications: Map<string, Certification>,
  subsidies: Map<string, Subsidy>,
) {
  const previous = [...certifications.values()]
    .filter((x) => x.code === c.code && x.date < c.date)
    .reduce((latest, x) => maxDate(latest, x.date), "");
  const exam = [...subsidies.values()]
    .filter((s) => s.code === c.code && s.examOn <= c.date && s.examOn > previous)
    .reduce<Subsidy | undefined>(
      (latest, s) => (!latest || s.examOn > latest.examOn ? s : latest),
      undefined,
    );
  return c.outside || exam?.decision?.approved === true;
}

/** A `CertificationExamFeeSubsidisedChanged` for each live certification whose flag no longer reads as published. */
function flagChanges(certifications: Map<string, Certification>, subsidies: Map<string, Subsidy>): Draft[] {
  return [...certifications.entries()]
    .filter(([, c]) => subsidised(c, certifications, subsidies) !== c.flag)
    .map(([certificationId, c]) => {
      c.flag = !c.flag;
      return ev("CertificationExamFeeSubsidisedChanged", c.date, {
        certificationId,
        certificationCode: c.code,
        examFeeSubsidised: c.flag,
      });
    });
}

/**
 * hr.training.v1, one training record stream per employee: nominations, completions, surveys,
 * certifications and exam-fee subsidies (requested, decided, corrected with full values, voided), each
 * command followed by the exam-fee flag changes it causes, as the training service publishes them.
 */
function trainingRecord(steps: readonly Dice[], f: Frame): Command[] {
  const nominations = new Map<string, string>(); // open nomination id -> date
  const completions = new Map<string, { date: string; courseId: string; hours?: number }>();
  const surveys = new Set<string>(); // course:phase recorded
  const certifications = new Map<string, Certification>();
  const subsidies = new Map<string, Subsidy>();
  /** The command's events, then a flag change for each certification whose exam-fee flag it changed. */
  const withFlags = (events: Draft[]): Command => [...events, ...flagChanges(certifications, subsidies)];
  const out: Command[] = [];
  const completion = (d: Dice, c: { courseId: string; hours?: number }) => ({
    courseId: c.courseId,
    courseTitle: `Course ${c.courseId}`,
    form: d.pick(FORMS),
    ...(c.hours === undefined ? {} : { hours: c.hours }),
    ...(d.chance(30) ? { score: d.int(0, 100) } : {}),
  });
  for (const d of steps) {
    const n = out.length + 1;
    const action = d.int(0, 11);
    let command: Command | undefined;
    if (action === 0 || (action <= 2 && !completions.size)) {
      const c = {
        date: d.date(f.from, f.to),
        courseId: d.pick(COURSES),
        ...(d.chance(80) ? { hours: d.int(1, 40) / 2 } : {}),
      };
      completions.set(`c${n}`, c);
      const nominationId = nominations.size && d.chance(50) ? d.pick([...nominations.keys()]) : undefined;
      if (nominationId) nominations.delete(nominationId);
      command = [
        ev("TrainingCompleted", c.date, {
          completionId: `c${n}`,
          ...completion(d, c),
          provider: "COURSE_PROVIDER_IN_HOUSE",
          source: "COMPLETION_SOURCE_RECORDED",
          ...(nominationId ? { nominationId } : {}),
        }),
      ];
    } else if (action <= 2) {
      const completionId = d.pick([...completions.keys()]);
      const was = completions.get(completionId)!;
      if (action === 1) {
        const now = { ...was, date: d.chance(70) ? d.date(f.from, f.to) : was.date, hours: d.int(1, 40) / 2 };
        completions.set(completionId, now);
        command = [
          ev("CompletionCorrected", now.date, {
            completionId,
            ...completion(d, now),
            previousEffectiveDate: was.date,
            reasonCode: d.pick(CORRECTION_REASONS),
          }),
        ];
      } else {
        completions.delete(completionId);
        command = [ev("CompletionVoided", was.date, { completionId, reasonCode: d.pick(VOID_REASONS) })];
      }
    } else if (action === 3) {
      const date = d.date(f.from, f.to);
      nominations.set(`n${n}`, date);
      command = [
        ev("TrainingNominated", date, {
          nominationId: `n${n}`,
          courseId: d.pick(COURSES),
          fiscalYear: fiscalYearOf(date),
          unitCode: "U-100",
        }),
      ];
    } else if (action === 4 && nominations.size) {
      const nominationId = d.pick([...nominations.keys()]);
      const date = d.date(nominations.get(nominationId)!, f.to);
      nominations.delete(nominationId);
      command = [
        ev("TrainingNominationCancelled", date, {
          nominationId,
          reasonCode: "NOMINATION_CANCEL_REASON_DECLINED",
        }),
      ];
    } else if (action <= 5) {
      const courseId = d.pick(COURSES);
      const phase = d.pick(["SURVEY_PHASE_PRE", "SURVEY_PHASE_POST"]);
      if (surveys.has(`${courseId}:${phase}`)) continue;
      surveys.add(`${courseId}:${phase}`);
      const answers = Array.from({ length: d.int(1, 3) }, (_, i) => ({
        itemId: `q${i + 1}`,
        kind: "SURVEY_ITEM_KIND_KNOWLEDGE",
        score: d.int(1, 5),
      }));
      command = [ev("SurveyRecorded", d.date(f.from, f.to), { surveyId: `s${n}`, courseId, phase, answers })];
    } else if (action === 6 || (action === 7 && !certifications.size)) {
      // Often the exam of a subsidy requested before, so approvals and corrections change the flag.
      const exam = subsidies.size && d.chance(50) ? d.pick([...subsidies.values()]) : undefined;
      const c = {
        date: exam ? d.date(exam.examOn, f.to) : d.date(f.from, f.to),
        code: exam?.code ?? d.pick(CERTIFICATIONS),
        outside: d.chance(20),
        flag: false,
      };
      if ([...certifications.values()].some((x) => x.code === c.code && x.date === c.date)) continue;
      certifications.set(`cert${n}`, c);
      c.flag = subsidised(c, certifications, subsidies);
      command = withFlags([
        ev("CertificationAcquired", c.date, {
          certificationId: `cert${n}`,
          certificationCode: c.code,
          certificationName: `Certification ${c.code}`,
          acquiredOn: c.date,
          examFeeSubsidised: c.flag,
        }),
      ]);
    } else if (action === 7) {
      const certificationId = d.pick([...certifications.keys()]);
      const was = certifications.get(certificationId)!;
      certifications.delete(certificationId);
      command = withFlags([
        ev("CertificationVoided", was.date, {
          certificationId,
          certificationCode: was.code,
          reasonCode: d.pick(VOID_REASONS),
        }),
      ]);
    } else if (action === 8 || !subsidies.size) {
      const date = d.date(f.from, f.to);
      const s: Subsidy = {
        requestedOn: date,
        code: d.pick(CERTIFICATIONS),
        examOn: d.date(f.from, f.to),
        kind: d.pick(["SUBSIDY_KIND_EXAM_FEE", "SUBSIDY_KIND_CERTIFICATION_SUPPORT"]),
        amount: d.int(1, 30) * 1000,
      };
      if (twinOf(subsidies, s)) continue;
      subsidies.set(`sub${n}`, s);
      command = withFlags([
        ev("CertificationSubsidyRequested", date, {
          subsidyId: `sub${n}`,
          certificationCode: s.code,
          examOn: s.examOn,
          kind: s.kind,
          requestedAmountYen: s.amount,
        }),
      ]);
    } else if (action === 9) {
      // Decided once.
      const undecided = [...subsidies.entries()].filter(([, s]) => !s.decision);
      if (!undecided.length) continue;
      const [subsidyId, s] = d.pick(undecided);
      s.decision = decision(d, s, d.date(s.requestedOn, f.to));
      command = withFlags([
        ev("CertificationSubsidyDecided", s.decision.on, {
          subsidyId,
          certificationCode: s.code,
          examOn: s.examOn,
          kind: s.kind,
          ...decisionValues(s.decision),
        }),
      ]);
    } else if (action === 10) {
      // Corrected with full values: the request, and the decision when decided, may move between years.
      const subsidyId = d.pick([...subsidies.keys()]);
      const was = subsidies.get(subsidyId)!;
      const requestedOn = d.chance(40) ? d.date(f.from, f.to) : was.requestedOn;
      const now: Subsidy = {
        ...was,
        requestedOn,
        examOn: d.chance(30) ? d.date(f.from, f.to) : was.examOn,
        amount: d.chance(30) ? d.int(1, 30) * 1000 : was.amount,
        ...(was.decision && d.chance(60)
          ? { decision: decision(d, was, d.chance(50) ? d.date(requestedOn, f.to) : was.decision.on) }
          : {}),
      };
      const valid =
        !twinOf(subsidies, now, subsidyId) &&
        (!now.decision ||
          (now.decision.on >= now.requestedOn &&
            (!now.decision.approved || now.decision.amount <= now.amount))) &&
        JSON.stringify(now) !== JSON.stringify(was);
      if (!valid) continue;
      subsidies.set(subsidyId, now);
      command = withFlags([
        ev("CertificationSubsidyCorrected", now.decision?.on ?? now.requestedOn, {
          subsidyId,
          certificationCode: now.code,
          examOn: now.examOn,
          kind: now.kind,
          requestedAmountYen: now.amount,
          requestedOn: now.requestedOn,
          decided: now.decision !== undefined,
          ...(now.decision ? { ...decisionValues(now.decision), decidedOn: now.decision.on } : {}),
          previousEffectiveDate: was.decision?.on ?? was.requestedOn,
          reasonCode: d.pick(CORRECTION_REASONS),
        }),
      ]);
    } else {
      const subsidyId = d.pick([...subsidies.keys()]);
      const was = subsidies.get(subsidyId)!;
      subsidies.delete(subsidyId);
      command = withFlags([
        ev("CertificationSubsidyVoided", was.decision?.on ?? was.requestedOn, {
          subsidyId,
          certificationCode: was.code,
          examOn: was.examOn,
          reasonCode: d.pick(VOID_REASONS),
        }),
      ]);
    }
    if (command) out.push(command);
  }
  return out;
}

const DESTINATION = {
  name: "Digital agency abroad",
  kind: "DESTINATION_KIND_GOVERNMENT_BODY",
  countryCode: "EE",
  city: "Tallinn",
};
const OTHER_DESTINATION = {
  name: "University abroad",
  kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
  countryCode: "DK",
  city: "Lyngby",
};
/** The overseas programme's steps in order; an application reaches a prefix of them. */
const OVERSEAS_STEPS = [
  "Applied",
  "Screened",
  "CandidateSelected",
  "PlanRefined",
  "PlanRefined",
  "AppointmentConfirmed",
  "TraineeCertified",
  "Departed",
  "Returned",
  "ReportSubmitted",
  "Completed",
  "ReportPublished",
];

/**
 * hr.training.v1, one stream per overseas dispatch training application: a prefix of the steps, maybe
 * ended by a withdrawal or a rejection. A group application appends each step for every applicant, so
 * this employee's events sit at every `applicants`-th position of the stream.
 */
function overseasApplication(d: Dice, f: Frame, applicationId: string): Command[] {
  const applicants = d.int(1, 3);
  const reached = OVERSEAS_STEPS.slice(0, d.int(1, OVERSEAS_STEPS.length));
  const ending =
    reached.length < OVERSEAS_STEPS.length ? d.pick([undefined, "Withdrawn", "Rejected"]) : undefined;
  const fiscalYear = d.int(fiscalYearOf(f.from), fiscalYearOf(f.to));
  let date = d.date(f.from, f.to);
  const out: Command[] = [];
  for (const step of [...reached, ...(ending ? [ending] : [])]) {
    date = d.date(date, minDate(LAST_DAY, addDays(date, 90)));
    const extra: Record<string, Record<string, unknown>> = {
      Applied: {
        fiscalYear,
        candidateDestinations: [DESTINATION],
        kind: applicants > 1 ? "APPLICATION_KIND_GROUP" : "APPLICATION_KIND_INDIVIDUAL",
      },
      CandidateSelected: { fiscalYear },
      PlanRefined: { candidateDestinations: [DESTINATION], revision: out.length },
      AppointmentConfirmed: { destination: DESTINATION, visitOn: date },
      TraineeCertified: {
        plannedDestinations: [DESTINATION],
        plannedDepartureOn: date,
        plannedReturnOn: date,
      },
      Completed: { destinationsVisited: [DESTINATION], fiscalYear, reportSubmitted: true },
      Withdrawn: { atStep: "OVERSEAS_TRAINING_STEP_APPLIED", reasonCode: "WITHDRAWAL_REASON_WORKLOAD" },
      Rejected: { atStep: "OVERSEAS_TRAINING_STEP_APPLIED", reasonCode: "REJECTION_REASON_CAPACITY_REACHED" },
    };
    out.push([ev(`OverseasTraining${step}`, date, { applicationId, ...extra[step] })]);
  }
  // The latest step's date corrected, or the latest step voided, as the training service allows.
  const last = [...reached, ...(ending ? [ending] : [])].at(-1) as string;
  const previous = out.length > 1 ? (out.at(-2)?.[0]?.data.effectiveDate as string) : f.from;
  const fix = d.pick([undefined, "StepCorrected", "StepVoided"]);
  // An appointment (the application's only one) is named by its number.
  const appointment = last === "AppointmentConfirmed";
  if (fix) {
    const stepEnum = stepEnumOf(last);
    out.push([
      fix === "StepCorrected"
        ? ev("OverseasTrainingStepCorrected", d.date(previous, minDate(LAST_DAY, addDays(previous, 90))), {
            applicationId,
            step: stepEnum,
            previousEffectiveDate: date,
            reasonCode: "CORRECTION_REASON_WRONG_DATE",
            ...(appointment ? { appointmentNumber: 1 } : {}),
            // A plan's destinations corrected with it (full values).
            ...(["Applied", "PlanRefined"].includes(last) && d.pick([false, true])
              ? { candidateDestinations: [DESTINATION, OTHER_DESTINATION] }
              : {}),
          })
        : ev("OverseasTrainingStepVoided", date, {
            applicationId,
            step: stepEnum,
            stepNow: "OVERSEAS_TRAINING_STEP_APPLIED",
            reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
            ...(appointment ? { appointmentNumber: 1 } : {}),
            // The second refinement voided: the plan stays refined, on the first one's date.
            ...(last === "PlanRefined" && reached.at(-2) === "PlanRefined" && !ending
              ? { stepStillReachedOn: previous }
              : {}),
          }),
    ]);
  }
  // The appointment's host corrected after the certification (and the report meeting): the correction
  // lists the hosts anew for the steps that list them.
  const booked = out[reached.indexOf("AppointmentConfirmed")]?.[0]?.data.effectiveDate as string;
  if (!fix && reached.includes("TraineeCertified") && d.chance(50)) {
    const hosts = [OTHER_DESTINATION];
    out.push([
      ev("OverseasTrainingStepCorrected", booked, {
        applicationId,
        step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
        previousEffectiveDate: booked,
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        appointmentNumber: 1,
        destination: OTHER_DESTINATION,
        stepReachedOn: booked,
        plannedDestinations: hosts,
        ...(reached.includes("Completed") ? { destinationsVisited: hosts } : {}),
      }),
    ]);
  }
  // Positions of this employee's events: `applicants` per step, this employee somewhere among them.
  const position = d.int(1, applicants);
  const events: Command[] = out.map((command, i) =>
    command.map((e) => ({ ...e, version: i * applicants + position })),
  );
  // A group member (the filer's events come first) has entries of their own, published to them only (one
  // position each): their confirmation voided before any later step, or their own withdrawal before the
  // report meeting, maybe corrected or voided.
  if (position === 1 || fix || ending || reached.includes("Completed")) return events;
  const appliedOn = out[0]?.[0]?.data.effectiveDate as string;
  let version = out.length * applicants;
  const own = (draft: Draft): Command => [{ ...draft, version: ++version }];
  const entry = d.pick([undefined, "Withdrawn", ...(reached.length === 1 ? ["ConfirmationVoided"] : [])]);
  const voiding = (step: string, on: string) =>
    ev("OverseasTrainingStepVoided", on, {
      applicationId,
      step: `OVERSEAS_TRAINING_STEP_${step}`,
      stepNow: stepEnumOf(last),
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
    });
  if (entry === "ConfirmationVoided") events.push(own(voiding("APPLIED", appliedOn)));
  if (entry === "Withdrawn") {
    const withdrawnOn = d.date(date, minDate(LAST_DAY, addDays(date, 90)));
    events.push(
      own(
        ev("OverseasTrainingWithdrawn", withdrawnOn, {
          applicationId,
          atStep: stepEnumOf(last),
          reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
          wholeApplication: false,
        }),
      ),
    );
    const then = d.pick([undefined, "StepCorrected", "StepVoided"]);
    if (then === "StepVoided") events.push(own(voiding("WITHDRAWN", withdrawnOn)));
    if (then === "StepCorrected") {
      // On or after the application: into another fiscal year too.
      const correctedOn = d.date(appliedOn, minDate(LAST_DAY, addDays(withdrawnOn, 90)));
      events.push(
        own(
          ev("OverseasTrainingStepCorrected", correctedOn, {
            applicationId,
            step: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
            previousEffectiveDate: withdrawnOn,
            reasonCode: "CORRECTION_REASON_WRONG_DATE",
            withdrawalReason: "WITHDRAWAL_REASON_PERSONAL",
          }),
        ),
      );
    }
  }
  return events;
}

/** A step of the generator (`TraineeCertified`, `Completed`) as the training service names it. */
const stepEnumOf = (step: string) =>
  `OVERSEAS_TRAINING_STEP_${step === "Completed" ? "REPORT_PRESENTED" : step.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;

const HOSTS = [
  { hostId: "govtech-tokyo", hostKind: "HOST_KIND_GOVTECH_TOKYO", hostName: "GovTech Tokyo" },
  { hostId: "digital-agency", hostKind: "HOST_KIND_DIGITAL_AGENCY", hostName: "Digital Agency" },
  { hostId: "vendor-1", hostKind: "HOST_KIND_PRIVATE_FIRM", hostName: "Network vendor" },
  { hostId: "kosha-1", hostKind: "HOST_KIND_AFFILIATED_BODY", hostName: "Public corporation" },
];
type Host = (typeof HOSTS)[number];
const HOST_TITLES = ["Engineer", "Deputy group leader"];
const HOME_POSTS = [
  { homeDepartment: "デジタルサービス局 総務部 総務課", homePost: "総務部付（派遣）" },
  { homeDepartment: "総務局 人事部", homePost: "人事部付（派遣）" },
];
const SECONDMENT_CORRECTION_REASONS = ["CORRECTION_REASON_DATE_CHANGED", "CORRECTION_REASON_CLERICAL_ERROR"];

interface SecondmentState {
  id: string;
  host: Host;
  hostTitle: string;
  home: (typeof HOME_POSTS)[number];
  status: "planned" | "active" | "ended" | "returned" | "transferred" | "cancelled";
  agreedOn: string;
  plannedStartOn: string;
  startsOn?: string;
  plannedEndOn: string;
  endedOn?: string;
  /** The return, or the transfer of employment, after the end. */
  followedOn?: string;
  returnedTo?: { department: string; post: string };
  /** Extensions in force, the latest last. */
  extensions?: { agreedOn: string; previousPlannedEndOn: string; plannedEndOn: string }[];
}

/** The transfer of employment (転籍) in force: from a post, or after `secondment`. */
interface TransferState {
  id: string;
  on: string;
  host: Host;
  fromDepartment: string;
  fromPost: string;
  secondment?: SecondmentState;
}

/** Days a secondment occupies: from its first to its actual, else planned, last day. */
const spanOf = (s: SecondmentState) => ({
  from: s.startsOn ?? s.plannedStartOn,
  to: s.endedOn ?? s.plannedEndOn,
});

/**
 * Actions (below) to draw from after the latest secondment's status, or while a transfer of employment is
 * in force; some repeat, to weigh them.
 */
const NEXT_SECONDMENT_STEPS: Record<SecondmentState["status"], number[]> = {
  planned: [2, 2, 2, 7, 8],
  active: [4, 4, 4, 3, 7, 8, 15],
  ended: [5, 5, 6, 6, 7, 8, 9, 14, 15],
  returned: [0, 1, 1, 7, 8, 9, 10, 10, 11],
  transferred: [8, 12, 12, 13],
  cancelled: [0, 1],
};

/**
 * hr.secondment.v1, one stream per employee (the secondment service's decider): agree, start (or both at
 * once), extend, end (with the return in the same command, or later), return, transfer of employment after
 * a secondment or from a post, cancel (before the start, or as recorded in error), correct a secondment
 * (dates, host, title at the host, home post, agreement; a return or transfer on the day after a corrected
 * end moves with it, in the same command), correct or void a return, correct or void a transfer (after
 * which secondments may follow again). Secondments never overlap, a return falls in no other secondment
 * and before a transfer, a transfer comes after every secondment and return.
 */
function secondments(steps: readonly Dice[], f: Frame): Command[] {
  const all: SecondmentState[] = [];
  let transfer: TransferState | undefined;
  const out: Command[] = [];
  const counting = () => all.filter((s) => s.status !== "cancelled");
  const clashes = (s: SecondmentState, span: { from: string; to: string }) =>
    counting().some((o) => o !== s && spanOf(o).from <= span.to && span.from <= spanOf(o).to);
  /** The secondment service refuses a return inside another secondment or from the transfer's day. */
  const returnRefused = (s: SecondmentState, on: string) =>
    counting().some((o) => o !== s && spanOf(o).from <= on && on <= spanOf(o).to) ||
    (transfer !== undefined && on >= transfer.on);
  /** A transfer on `on` comes after every other secondment than `but` (the one it follows) and its return. */
  const transferRefused = (on: string, but?: SecondmentState) =>
    counting().some(
      (s) => s !== but && (spanOf(s).to >= on || (s.status === "returned" && s.followedOn! >= on)),
    );
  const about = (s: SecondmentState) => ({
    secondmentId: s.id,
    hostKind: s.host.hostKind,
    hostId: s.host.hostId,
  });
  const terms = (s: SecondmentState) => ({
    ...about(s),
    hostName: s.host.hostName,
    hostDepartment: "Platform group",
    hostTitle: s.hostTitle,
    ...s.home,
    plannedEndOn: s.plannedEndOn,
  });
  const agreed = (s: SecondmentState) =>
    ev("SecondmentAgreed", s.agreedOn, { ...terms(s), plannedStartOn: s.plannedStartOn });
  const started = (s: SecondmentState) =>
    ev("SecondmentStarted", s.startsOn!, { ...terms(s), startsOn: s.startsOn });
  const returnValues = (s: SecondmentState) => ({
    ...about(s),
    returnedOn: s.followedOn,
    ...s.returnedTo,
  });
  const transferCorrected = (t: TransferState, d: Dice) =>
    ev("EmploymentTransferCorrected", t.on, {
      transferId: t.id,
      transferredOn: t.on,
      ...(t.secondment ? { ...about(t.secondment), hostName: t.secondment.host.hostName } : t.host),
      fromDepartment: t.fromDepartment,
      fromPost: t.fromPost,
      secondmentId: t.secondment?.id ?? "",
      reason: d.pick(SECONDMENT_CORRECTION_REASONS),
    });
  const pickIn = (d: Dice, status: SecondmentState["status"][]) => {
    const candidates = all.filter((s) => status.includes(s.status));
    return candidates.length ? d.pick(candidates) : undefined;
  };

  for (const d of steps) {
    // Mostly the next step of the latest secondment, so many run their whole course.
    const latest = transfer ? "transferred" : (counting().at(-1)?.status ?? "returned");
    const action = d.pick(NEXT_SECONDMENT_STEPS[latest]);
    if (action <= 1) {
      if (transfer) continue;
      const lastEnd = counting().reduce((last, s) => maxDate(last, spanOf(s).to), addDays(f.from, -1));
      const plannedStartOn = d.date(maxDate(addDays(lastEnd, 1), f.from), maxDate(addDays(lastEnd, 1), f.to));
      const plannedEndOn = d.date(plannedStartOn, minDate(LAST_DAY, addDays(plannedStartOn, 3 * 365)));
      if (plannedStartOn > LAST_DAY) continue;
      const s: SecondmentState = {
        id: `sec${all.length + 1}`,
        host: d.pick(HOSTS),
        hostTitle: d.pick(HOST_TITLES),
        home: d.pick(HOME_POSTS),
        status: "planned",
        agreedOn: plannedStartOn,
        plannedStartOn,
        plannedEndOn,
      };
      all.push(s);
      if (action === 0) {
        // Agreed and started at once: one command, the agreement dated the first day.
        s.status = "active";
        s.startsOn = plannedStartOn;
        out.push([agreed(s), started(s)]);
      } else {
        s.agreedOn = d.date(maxDate(FIRST_DAY, addDays(plannedStartOn, -180)), plannedStartOn);
        out.push([agreed(s)]);
      }
    } else if (action === 2) {
      const s = pickIn(d, ["planned"]);
      if (!s || transfer) continue;
      const startsOn = d.chance(30) ? d.date(s.agreedOn, s.plannedEndOn) : s.plannedStartOn;
      if (clashes(s, { from: startsOn, to: s.plannedEndOn })) continue;
      Object.assign(s, { status: "active", startsOn });
      out.push([started(s)]);
    } else if (action === 3) {
      const s = pickIn(d, ["active"]);
      if (!s) continue;
      const plannedEndOn = d.date(
        addDays(s.plannedEndOn, 1),
        minDate(LAST_DAY, addDays(s.plannedEndOn, 2 * 365)),
      );
      if (plannedEndOn <= s.plannedEndOn || clashes(s, { from: s.startsOn!, to: plannedEndOn })) continue;
      const agreedOn = d.date(s.startsOn!, s.plannedEndOn);
      out.push([
        ev("SecondmentExtended", agreedOn, {
          ...about(s),
          previousPlannedEndOn: s.plannedEndOn,
          plannedEndOn,
          reasonCode: "EXTENSION_REASON_PROJECT_CONTINUED",
        }),
      ]);
      s.extensions = [
        ...(s.extensions ?? []),
        { agreedOn, previousPlannedEndOn: s.plannedEndOn, plannedEndOn },
      ];
      s.plannedEndOn = plannedEndOn;
    } else if (action === 4) {
      const s = pickIn(d, ["active"]);
      if (!s) continue;
      const endedOn = d.date(s.startsOn!, s.plannedEndOn);
      const ended = ev("SecondmentEnded", endedOn, {
        ...about(s),
        endedOn,
        reason: endedOn < s.plannedEndOn ? "END_REASON_EARLY_RETURN" : "END_REASON_COMPLETED",
        startedOn: s.startsOn,
      });
      Object.assign(s, { status: "ended", endedOn });
      // With the return in the same command (the day after), unless that day is another secondment's.
      if (d.chance(50) && !returnRefused(s, addDays(endedOn, 1))) {
        Object.assign(s, {
          status: "returned",
          followedOn: addDays(endedOn, 1),
          returnedTo: { department: d.pick(DEPARTMENTS), post: d.pick(POSTS) },
        });
        out.push([ended, ev("SecondmentReturned", s.followedOn!, returnValues(s))]);
      } else out.push([ended]);
    } else if (action === 5) {
      const s = pickIn(d, ["ended"]);
      if (!s) continue;
      const returnedOn = d.date(addDays(s.endedOn!, 1), addDays(s.endedOn!, 60));
      if (returnRefused(s, returnedOn)) continue;
      Object.assign(s, {
        status: "returned",
        followedOn: returnedOn,
        returnedTo: { department: d.pick(DEPARTMENTS), post: d.pick(POSTS) },
      });
      out.push([ev("SecondmentReturned", returnedOn, returnValues(s))]);
    } else if (action === 6 || action === 9) {
      // A transfer of employment after an ended secondment (6), or from a post (9).
      const s = action === 6 ? pickIn(d, ["ended"]) : undefined;
      if (transfer || (action === 6 && !s)) continue;
      if (counting().some((o) => o.status === "planned" || o.status === "active")) continue;
      const on = s
        ? d.date(addDays(s.endedOn!, 1), addDays(s.endedOn!, 60))
        : d.date(f.from, minDate(LAST_DAY, addDays(f.to, 365)));
      if (transferRefused(on, s)) continue;
      const id = `t${out.length + 1}`;
      if (s) {
        // Transfers recorded before they had ids are named by their secondment.
        const legacy = d.chance(20);
        transfer = {
          id: legacy ? s.id : id,
          on,
          host: s.host,
          fromDepartment: "",
          fromPost: "",
          secondment: s,
        };
        Object.assign(s, { status: "transferred", followedOn: on });
        out.push([
          ev("SecondmentTransferredOut", on, {
            ...about(s),
            transferredOn: on,
            hostName: s.host.hostName,
            ...(legacy ? {} : { transferId: id }),
          }),
        ]);
      } else {
        transfer = {
          id,
          on,
          host: d.pick(HOSTS),
          fromDepartment: d.pick(DEPARTMENTS),
          fromPost: d.pick(POSTS),
        };
        out.push([
          ev("EmploymentTransferred", on, {
            transferId: id,
            transferredOn: on,
            ...transfer.host,
            fromDepartment: transfer.fromDepartment,
            fromPost: transfer.fromPost,
          }),
        ]);
      }
    } else if (action === 7) {
      // Before the start for any reason; after it only as recorded in error (it never happened).
      const s = pickIn(d, ["planned", "active", "ended", "returned"]);
      if (!s) continue;
      s.status = "cancelled";
      out.push([
        ev("SecondmentCancelled", spanOf(s).from, {
          ...about(s),
          reasonCode: s.startsOn ? "CANCELLATION_REASON_RECORDED_IN_ERROR" : "CANCELLATION_REASON_WITHDRAWN",
        }),
      ]);
    } else if (action === 8) {
      const command = correctSecondment(d);
      if (command) out.push(command);
    } else if (action === 10) {
      // The return corrected: its day and/or where to.
      const s = pickIn(d, ["returned"]);
      if (!s) continue;
      const returnedOn = d.chance(60)
        ? d.date(addDays(s.endedOn!, 1), addDays(s.endedOn!, 60))
        : s.followedOn!;
      const returnedTo = d.chance(50)
        ? { department: d.pick(DEPARTMENTS), post: d.pick(POSTS) }
        : s.returnedTo!;
      const same =
        returnedOn === s.followedOn &&
        returnedTo.department === s.returnedTo!.department &&
        returnedTo.post === s.returnedTo!.post;
      if (same || returnRefused(s, returnedOn)) continue;
      Object.assign(s, { followedOn: returnedOn, returnedTo });
      out.push([
        ev("SecondmentReturnCorrected", returnedOn, {
          ...returnValues(s),
          reason: d.pick(SECONDMENT_CORRECTION_REASONS),
        }),
      ]);
    } else if (action === 11) {
      // The return voided as recorded in error: the secondment reads as ended again.
      const s = pickIn(d, ["returned"]);
      if (!s) continue;
      const voidedOn = s.followedOn!;
      Object.assign(s, { status: "ended", followedOn: undefined, returnedTo: undefined });
      out.push([
        ev("SecondmentReturnVoided", voidedOn, {
          ...about(s),
          reason: d.pick(SECONDMENT_CORRECTION_REASONS),
        }),
      ]);
    } else if (action === 12 && transfer) {
      // The transfer corrected: its day, and for one from a post the host or the post left.
      const t = transfer;
      const on = d.chance(70) ? d.date(f.from, minDate(LAST_DAY, addDays(f.to, 365))) : t.on;
      const fromPost = !t.secondment && d.chance(50);
      const after = {
        ...t,
        on,
        ...(fromPost
          ? { host: d.pick(HOSTS), fromDepartment: d.pick(DEPARTMENTS), fromPost: d.pick(POSTS) }
          : {}),
      };
      const same =
        after.on === t.on &&
        after.host === t.host &&
        after.fromDepartment === t.fromDepartment &&
        after.fromPost === t.fromPost;
      if (same || transferRefused(on, t.secondment) || (t.secondment && on <= t.secondment.endedOn!))
        continue;
      transfer = after;
      if (t.secondment) t.secondment.followedOn = on;
      out.push([transferCorrected(after, d)]);
    } else if (action === 13 && transfer) {
      // The transfer voided: in service again as before it; secondments may follow.
      const t = transfer;
      transfer = undefined;
      if (t.secondment) Object.assign(t.secondment, { status: "ended", followedOn: undefined });
      out.push([
        ev("EmploymentTransferVoided", t.on, {
          transferId: t.id,
          ...(t.secondment ? about(t.secondment) : { hostId: t.host.hostId, hostKind: t.host.hostKind }),
          secondmentId: t.secondment?.id ?? "",
          reason: d.pick(SECONDMENT_CORRECTION_REASONS),
        }),
      ]);
    } else if (action === 14) {
      // The end voided as recorded in error: the secondment runs to its planned last day again, refused
      // (as by the secondment service) when that span meets another secondment or the transfer.
      const s = pickIn(d, ["ended"]);
      if (!s) continue;
      const span = { from: s.startsOn!, to: s.plannedEndOn };
      if (clashes(s, span) || (transfer !== undefined && transfer.on <= span.to)) continue;
      const voidedEndedOn = s.endedOn!;
      Object.assign(s, { status: "active", endedOn: undefined });
      out.push([
        ev("SecondmentEndVoided", voidedEndedOn, {
          ...about(s),
          voidedEndedOn,
          plannedEndOn: s.plannedEndOn,
          reason: d.pick(SECONDMENT_CORRECTION_REASONS),
        }),
      ]);
    } else if (action === 15) {
      // The latest extension voided: the planned last day before it is in force again; refused after the
      // planned end was corrected, or when the recorded end would fall after it.
      const s = pickIn(d, ["active", "ended"]);
      const extension = s?.extensions?.at(-1);
      if (!s || !extension || extension.plannedEndOn !== s.plannedEndOn) continue;
      if (s.endedOn !== undefined && s.endedOn > extension.previousPlannedEndOn) continue;
      Object.assign(s, {
        plannedEndOn: extension.previousPlannedEndOn,
        extensions: s.extensions!.slice(0, -1),
      });
      out.push([
        ev("SecondmentExtensionVoided", extension.agreedOn, {
          ...about(s),
          voidedPlannedEndOn: extension.plannedEndOn,
          plannedEndOn: s.plannedEndOn,
          reason: d.pick(SECONDMENT_CORRECTION_REASONS),
        }),
      ]);
    }
  }
  return out;

  /**
   * A secondment's dates, host, title at the host, home post or agreement corrected (full values; some as
   * recorded before those fields existed: dates only). A return or transfer on the day after the end
   * moves with a corrected end in the same command; a later one must stay after it.
   */
  function correctSecondment(d: Dice): Command | undefined {
    const s = pickIn(d, ["planned", "active", "ended", "returned", "transferred"]);
    if (!s) return;
    const from = spanOf(s).from;
    const startsOn = d.chance(50)
      ? d.date(maxDate(FIRST_DAY, addDays(from, -200)), addDays(from, 200))
      : from;
    const plannedEndOn = d.chance(50)
      ? d.date(startsOn, minDate(LAST_DAY, addDays(startsOn, 3 * 365)))
      : s.plannedEndOn;
    const endedOn = s.endedOn && d.chance(60) ? d.date(startsOn, plannedEndOn) : s.endedOn;
    const legacy = d.chance(20);
    const agreedOn =
      !legacy && d.chance(30) ? d.date(maxDate(FIRST_DAY, addDays(startsOn, -180)), startsOn) : s.agreedOn;
    const host = !legacy && d.chance(30) ? d.pick(HOSTS) : s.host;
    const hostTitle = !legacy && d.chance(30) ? d.pick(HOST_TITLES) : s.hostTitle;
    const home = !legacy && d.chance(30) ? d.pick(HOME_POSTS) : s.home;
    const moves =
      s.followedOn !== undefined && endedOn !== s.endedOn && s.followedOn === addDays(s.endedOn!, 1);
    const followedOn = moves ? addDays(endedOn!, 1) : s.followedOn;
    const after = {
      ...s,
      startsOn: s.startsOn && startsOn,
      plannedStartOn: s.startsOn ? s.plannedStartOn : startsOn,
    };
    Object.assign(after, { plannedEndOn, endedOn, agreedOn, host, hostTitle, home, followedOn });
    const valid =
      startsOn <= plannedEndOn &&
      agreedOn <= startsOn &&
      (endedOn === undefined || (startsOn <= endedOn && endedOn <= plannedEndOn)) &&
      (followedOn === undefined || endedOn! < followedOn) &&
      !clashes(s, { from: startsOn, to: endedOn ?? plannedEndOn }) &&
      // Checked against the transfer in force before the correction, as the decider does.
      (transfer === undefined || (endedOn ?? plannedEndOn) < transfer.on) &&
      !(moves && s.status === "returned" && returnRefused(s, followedOn!)) &&
      !(moves && s.status === "transferred" && transferRefused(followedOn!, s)) &&
      (startsOn !== from ||
        plannedEndOn !== s.plannedEndOn ||
        endedOn !== s.endedOn ||
        agreedOn !== s.agreedOn ||
        host !== s.host ||
        hostTitle !== s.hostTitle ||
        home !== s.home);
    if (!valid) return;
    Object.assign(s, after);
    const corrected = ev("SecondmentCorrected", startsOn, {
      ...about(s),
      reason: d.pick(SECONDMENT_CORRECTION_REASONS),
      startsOn,
      plannedEndOn,
      ...(endedOn === undefined ? {} : { endedOn }),
      ...(legacy
        ? {}
        : { hostName: host.hostName, hostDepartment: "Platform group", hostTitle, ...home, agreedOn }),
    });
    if (!moves) return [corrected];
    if (s.status === "returned")
      return [
        corrected,
        ev("SecondmentReturnCorrected", followedOn!, {
          ...returnValues(s),
          reason: "CORRECTION_REASON_DATE_CHANGED",
        }),
      ];
    transfer = { ...transfer!, on: followedOn! };
    return [corrected, transferCorrected(transfer, d)];
  }
}

export interface CareerOptions {
  /** Most steps per stream (a step is one command, or none where the drawn one is not allowed). */
  maxSteps?: number;
  /** How far the appending replicas' clocks may be apart (ce_time), in ms. */
  clockSkewMs?: number;
}

const dice = fc.array(fc.nat(), { minLength: 8, maxLength: 8 });

/** Careers of one employee over up to 12 fiscal years in FY2000-FY2030. */
export function careerArbitrary({
  maxSteps = 8,
  clockSkewMs = 2_000,
}: CareerOptions = {}): fc.Arbitrary<Career> {
  const steps = fc.array(dice, { maxLength: maxSteps });
  return fc
    .record({
      firstFiscalYear: fc.integer({ min: 2000, max: 2030 }),
      years: fc.nat(11),
      // At least one posting: a career without facts has no records to compare.
      postings: fc.array(dice, { minLength: 1, maxLength: maxSteps }),
      skills: steps,
      training: steps,
      secondment: steps,
      overseas: fc.array(dice, { maxLength: 2 }),
      interleave: dice,
      clock: dice,
    })
    .map((plan): Career => {
      const frame = {
        from: fiscalYearBounds(plan.firstFiscalYear).start,
        to: fiscalYearBounds(Math.min(2030, plan.firstFiscalYear + plan.years)).end,
      };
      const roll = (s: number[][]) => s.map((n) => new Dice(n));
      const streams: Array<{ topic: Topic; stream: string; commands: Command[] }> = [
        { topic: "hr.postings.v1", stream: "postings", commands: postings(roll(plan.postings), frame) },
        { topic: "hr.skills.v1", stream: "skill-profile", commands: skills(roll(plan.skills), frame) },
        {
          topic: "hr.training.v1",
          stream: "training-record",
          commands: trainingRecord(roll(plan.training), frame),
        },
        {
          topic: "hr.secondment.v1",
          stream: "secondments",
          commands: secondments(roll(plan.secondment), frame),
        },
        ...plan.overseas.map((n, i) => ({
          topic: "hr.training.v1" as const,
          stream: `overseas-training-oa${i + 1}`,
          commands: overseasApplication(new Dice(n), frame, `oa${i + 1}`),
        })),
      ];
      return { events: interleave(streams, new Dice(plan.interleave), new Dice(plan.clock), clockSkewMs) };
    });
}

/**
 * Merges the streams' commands into one recorded order (each stream's own order kept) and stamps each
 * command with its replica's clock: real time moves on by up to 2 s per command, the replica's clock
 * is off by up to `skewMs` either way.
 */
function interleave(
  streams: ReadonlyArray<{ topic: Topic; stream: string; commands: Command[] }>,
  order: Dice,
  clock: Dice,
  skewMs: number,
): CareerEvent[] {
  const next = streams.map(() => 0);
  const versions = streams.map(() => 0);
  let now = Date.UTC(2031, 3, 1);
  const out: CareerEvent[] = [];
  for (;;) {
    const open = streams.map((_, i) => i).filter((i) => next[i]! < streams[i]!.commands.length);
    if (!open.length) return out;
    const i = order.pick(open);
    const { topic, stream, commands } = streams[i]!;
    now += clock.int(0, 2_000);
    const recordedAt = now + clock.signed(skewMs);
    for (const draft of commands[next[i]!]!) {
      versions[i] = draft.version ?? versions[i]! + 1;
      out.push({
        topic,
        stream,
        version: versions[i]!,
        type: draft.type,
        effectiveDate: draft.effectiveDate,
        data: draft.data,
        recordedAt,
      });
    }
    next[i]! += 1;
  }
}
