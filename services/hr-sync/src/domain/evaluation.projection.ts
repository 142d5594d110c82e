import { addDays, fiscalYearBounds, fiscalYearOf, monthsSpanned } from "@hr/kit";
import { type postingsV1, type secondmentV1, syncV1 } from "@hr/proto";
import { clipToFiscalYear, dayBefore, fiscalYearsSpanned } from "./calendar";
import { type Classification, isManager } from "./classification";
import type { Assessment, EmployeeHistory, Posting, Secondment, TargetRoleEntry } from "./employee-history";
import type { EventRef } from "./facts";
import { certification, overseasTrainingStep } from "./rotation.projection";
import { roleInForce } from "./skill-map-roles";

type Dated = { effectiveDate: string };
/** The items dated in the fiscal year: facts' dates are checked ISO dates, so they compare as strings. */
const inYear = <T extends Dated>(items: readonly T[], fy: number) => {
  const { start, end } = fiscalYearBounds(fy);
  return items.filter((i) => start <= i.effectiveDate && i.effectiveDate <= end);
};

/** Secondments that count, with the last day they cover: the actual end, else the planned one. */
const secondmentSpans = (h: EmployeeHistory) =>
  h.secondments
    .filter((s): s is Secondment & { startsOn: string } => s.started && !!s.startsOn)
    .map((s) => ({ s, from: s.startsOn, to: s.endedOn ?? (s.plannedEndOn || s.startsOn) }));

/** Posting in force on a day (the latest with an effective date on or before it). */
const postingOn = (h: EmployeeHistory, day: string): Posting | undefined =>
  h.postings.filter((p) => p.effectiveDate <= day).at(-1);

/** The secondment the employee is on that day (by the days `secondmentSpans` covers), if any. */
const secondmentOn = (h: EmployeeHistory, day: string): Secondment | undefined =>
  secondmentSpans(h)
    .filter(({ from, to }) => from <= day && day <= to)
    .at(-1)?.s;

/**
 * Fiscal years with a record from the facts: every year a fact's effective date falls in (voided facts
 * included, so a year they leave keeps a record that no longer lists them) and every year a secondment
 * spans. `evaluationRecords` adds the years an evaluation at transfer falls due in and the years in
 * service between them (`yearsInService`).
 */
export function fiscalYearsOf(h: EmployeeHistory): number[] {
  const years = new Set(h.effectiveDates.map(fiscalYearOf));
  for (const { from, to } of secondmentSpans(h)) for (const fy of fiscalYearsSpanned(from, to)) years.add(fy);
  return [...years].sort((a, b) => a - b);
}

/**
 * Evaluations at transfer (異動時評定): whenever a posting change or a secondment start or end moves a
 * manager (rank from the postings in force the day before), one is due on the day before the move.
 * Moves on the same day (a return and the posting to the return post) make one evaluation, named for
 * the secondment.
 */
export function evaluationsAtTransfer(h: EmployeeHistory, c: Classification): syncV1.EvaluationAtTransfer[] {
  const moves: Array<{ on: string; trigger: syncV1.TransferTrigger; evidence: EventRef[] }> = [
    ...secondmentSpans(h).flatMap(({ s }) => [
      { on: s.startsOn, trigger: syncV1.TransferTrigger.SECONDMENT_START, evidence: s.evidence },
      ...(s.endedOn
        ? [
            {
              on: addDays(s.endedOn, 1),
              trigger: syncV1.TransferTrigger.SECONDMENT_END,
              evidence: s.evidence,
            },
          ]
        : []),
    ]),
    ...h.postings
      .slice(1)
      .map((p) => ({ on: p.effectiveDate, trigger: syncV1.TransferTrigger.POSTING, evidence: p.evidence })),
  ];
  const byDay = new Map<string, syncV1.EvaluationAtTransfer>();
  for (const move of moves.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) {
    const dueOn = dayBefore(move.on);
    const before = postingOn(h, dueOn);
    if (!before || !isManager(c, before.rank)) continue;
    const existing = byDay.get(dueOn);
    if (existing) {
      existing.evidence = mergeRefs(existing.evidence, move.evidence);
      continue;
    }
    byDay.set(dueOn, {
      dueOn,
      transferOn: move.on,
      trigger: move.trigger,
      rank: before.rank as postingsV1.Rank,
      department: before.department,
      evidence: mergeRefs([], move.evidence),
    });
  }
  return [...byDay.values()];
}

export function mergeRefs(a: readonly EventRef[], b: readonly EventRef[]): EventRef[] {
  const out = [...a];
  for (const r of b) if (!out.some((x) => x.eventId === r.eventId)) out.push(r);
  return out;
}

/** What a level in force needs of an assessment (the history's, or a transfer-planning profile's). */
export type AssessedLevel = Pick<Assessment, "skillId" | "level" | "effectiveDate" | "evidence">;

/** Level of each skill in force on a day, with the assessment behind it. */
export function levelsOn<A extends AssessedLevel>(assessments: readonly A[], day: string): Map<string, A> {
  const out = new Map<string, A>();
  for (const a of assessments) if (a.effectiveDate <= day) out.set(a.skillId, a);
  return out;
}

function skillFigures(h: EmployeeHistory, fy: number) {
  const { start, end } = fiscalYearBounds(fy);
  const atStart = levelsOn(h.assessments, dayBefore(start));
  const atEnd = levelsOn(h.assessments, end);
  const thisYear = inYear(h.assessments, fy);
  const skillLevels = [...new Set(thisYear.map((a) => a.skillId))].sort().map((skillId) => {
    const from = atStart.get(skillId);
    const to = atEnd.get(skillId);
    const levelAtStart = from?.level ?? 0;
    const levelAtEnd = to?.level ?? 0;
    return {
      skillId,
      levelAtStart,
      levelAtEnd,
      change: levelAtEnd - levelAtStart,
      evidence: mergeRefs(from?.evidence ?? [], to?.evidence ?? []),
    };
  });
  const previous = new Map([...atStart].map(([k, a]) => [k, a.level]));
  const skillLevelChanges = thisYear.map((a) => {
    const change = {
      skillId: a.skillId,
      previousLevel: previous.get(a.skillId) ?? 0,
      newLevel: a.level,
      effectiveDate: a.effectiveDate,
      evidence: a.evidence,
    };
    previous.set(a.skillId, a.level);
    return change;
  });
  return { skillLevels, skillLevelChanges };
}

function secondmentFigures(h: EmployeeHistory, fy: number) {
  const byKind = new Map<secondmentV1.HostKind, { months: Set<string>; evidence: EventRef[] }>();
  const all = new Set<string>();
  for (const { s, from, to } of secondmentSpans(h)) {
    const clipped = clipToFiscalYear(from, to, fy);
    if (!clipped) continue;
    const entry = byKind.get(s.hostKind) ?? { months: new Set<string>(), evidence: [] };
    for (const m of monthsSpanned(...clipped)) {
      entry.months.add(m);
      all.add(m);
    }
    entry.evidence = mergeRefs(entry.evidence, s.evidence);
    byKind.set(s.hostKind, entry);
  }
  return {
    secondmentMonths: all.size,
    secondmentMonthsByHostKind: [...byKind].map(([hostKind, e]) => ({
      hostKind,
      months: e.months.size,
      evidence: e.evidence,
    })),
  };
}

/** What coverage needs of a target role setting or clearing. */
export type TargetRoleSetting = Pick<
  TargetRoleEntry,
  "roleId" | "catalogueFiscalYear" | "effectiveDate" | "evidence"
>;

/**
 * Skill coverage against the target role on a day of fiscal year `fy`: the role in force that day, its
 * requirements in the skill map of that year, and the levels in force that day. Undefined without a
 * target role (never set, or cleared by then).
 */
export function targetRoleCoverageOn(
  targetRoles: readonly TargetRoleSetting[],
  assessments: readonly AssessedLevel[],
  day: string,
  fy: number,
  c: Classification,
): syncV1.TargetRoleCoverage | undefined {
  const set = targetRoles.filter((t) => t.effectiveDate <= day).at(-1);
  if (!set?.roleId) return undefined; // none set yet, or cleared
  const found = roleInForce(c.skillMaps, set.roleId, fy, set.catalogueFiscalYear);
  const levels = levelsOn(assessments, day);
  const required = found?.role.requirements ?? [];
  const short = required.filter((r) => (levels.get(r.skillId)?.level ?? 0) < r.level);
  return {
    roleId: set.roleId,
    catalogueFiscalYear: found?.version ?? 0,
    meetsAll: found !== undefined && short.length === 0,
    skillsShort: short.map((r) => r.skillId).sort(),
    evidence: required.reduce(
      (refs, r) => mergeRefs(refs, levels.get(r.skillId)?.evidence ?? []),
      set.evidence,
    ),
  };
}

/** Skill coverage against the target role on the year's last day. */
const targetRoleCoverage = (h: EmployeeHistory, fy: number, c: Classification) =>
  targetRoleCoverageOn(h.targetRoles, h.assessments, fiscalYearBounds(fy).end, fy, c);

const optionalTargetRole = (targetRole: syncV1.TargetRoleCoverage | undefined) =>
  targetRole ? { targetRole } : {};

/**
 * The department a year's record counts for (hr.sync.v1): the post in force on its last day (else the first
 * post), or the home post's department while seconded that day; the rank is the posting's either way.
 */
export function departmentOf(h: EmployeeHistory, fy: number): { department: string; rank?: postingsV1.Rank } {
  const { end } = fiscalYearBounds(fy);
  const posting = postingOn(h, end) ?? h.postings[0];
  const department = secondmentOn(h, end)?.homeDepartment || posting?.department || "";
  return { department, ...(posting?.rank ? { rank: posting.rank } : {}) };
}

/** One evaluation record: the facts of the fiscal year, each with the events behind it. */
export function evaluationRecord(h: EmployeeHistory, fy: number, c: Classification): syncV1.EvaluationRecord {
  const completions = inYear(h.completions, fy);
  const { department, rank } = departmentOf(h, fy);
  return {
    employeeId: h.employeeId,
    fiscalYear: fy,
    department,
    rank: rank ?? ("RANK_UNSPECIFIED" as postingsV1.Rank),
    completionList: completions.map((x) => ({
      completionId: x.completionId,
      courseId: x.courseId,
      courseTitle: x.courseTitle,
      form: x.form,
      hours: x.hours,
      completedOn: x.effectiveDate,
      evidence: x.evidence,
    })),
    completionCount: completions.length,
    trainingHours: completions.reduce((n, x) => n + x.hours, 0),
    certificationList: inYear(h.certifications, fy).map(certification),
    subsidies: inYear(h.subsidies, fy).map((x) => ({
      subsidyId: x.subsidyId,
      kind: x.kind,
      amountYen: x.amountYen,
      grantedOn: x.effectiveDate,
      evidence: x.evidence,
    })),
    surveyEffects: inYear(h.surveys, fy).map((x) => ({
      surveyId: x.surveyId,
      courseId: x.courseId,
      preScore: x.preScore,
      postScore: x.postScore,
      change: x.postScore - x.preScore,
      effectiveDate: x.effectiveDate,
      evidence: x.evidence,
    })),
    ...skillFigures(h, fy),
    ...secondmentFigures(h, fy),
    overseasTrainingSteps: inYear(h.overseasSteps, fy).map(overseasTrainingStep),
    jobTypeChanges: inYear(h.jobTypeChanges, fy).map((x) => ({
      changeId: x.changeId,
      fromJobType: x.fromJobType,
      toJobType: x.toJobType,
      basis: x.basis,
      effectiveDate: x.effectiveDate,
      evidence: x.evidence,
    })),
    evaluationsAtTransfer: evaluationsAtTransfer(h, c).filter((e) => fiscalYearOf(e.dueOn) === fy),
    // Left out, not undefined, without one: the store would keep an undefined field as null.
    ...optionalTargetRole(targetRoleCoverage(h, fy, c)),
  };
}

/**
 * Fiscal years in service up to `lastYear`: from the year of the first posting or job type to the year of
 * the last transfer of employment (転籍), if any. A year in post without a fact of its own still counts
 * for its department. Up to the last year the facts reach, not today's: records are a function of the facts,
 * so a rebuild on any day equals the incremental records (no event would write a year the calendar reached).
 */
function yearsInService(h: EmployeeHistory, lastYear: number): number[] {
  const first = [...h.postings, ...h.jobTypeChanges].map((x) => x.effectiveDate).sort()[0];
  if (!first) return [];
  // From a post or at the end of a secondment; a voided one is not in the history.
  const transfer = h.transfers
    .map((t) => t.effectiveDate)
    .sort()
    .at(-1);
  const last = transfer ? Math.min(fiscalYearOf(transfer), lastYear) : lastYear;
  const from = fiscalYearOf(first);
  return Array.from({ length: Math.max(0, last - from + 1) }, (_, i) => from + i);
}

/** Every evaluation record of the employee, by fiscal year: each year with a fact, and each year in service. */
export function evaluationRecords(h: EmployeeHistory, c: Classification): syncV1.EvaluationRecord[] {
  const years = new Set(fiscalYearsOf(h));
  for (const e of evaluationsAtTransfer(h, c)) years.add(fiscalYearOf(e.dueOn));
  if (years.size) for (const fy of yearsInService(h, Math.max(...years))) years.add(fy);
  return [...years].sort((a, b) => a - b).map((fy) => evaluationRecord(h, fy, c));
}
