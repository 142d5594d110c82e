import { addDays, RuleViolation } from "@hr/kit";
import { postingsV1, type secondmentV1, syncV1 } from "@hr/proto";
import { dayBefore, daysInclusive, maxDate, minDate } from "./calendar";
import { type Classification, isManager } from "./classification";
import type { EmployeeHistory } from "./employee-history";
import {
  type AssessedLevel,
  levelsOn,
  mergeRefs,
  type TargetRoleSetting,
  targetRoleCoverageOn,
} from "./evaluation.projection";
import type { EventRef } from "./facts";
import { capabilityBalance, type RotationTimeline, yearsByJobType } from "./rotation.projection";
import { roleInForce } from "./skill-map-roles";

/**
 * What transfer planning needs of an employee, whatever the fiscal year asked for: the career's posts,
 * secondments, job types, certifications, assessments and target roles (the evidence kept with each).
 * A function of the facts like the records, so it follows every correction, voiding and rebuild.
 */
export interface PlanningProfile {
  employeeId: string;
  assignments: syncV1.Assignment[];
  secondments: syncV1.SecondmentPeriod[];
  jobTypeHistory: syncV1.JobTypePeriod[];
  certifications: syncV1.Certification[];
  /** First day at the host of a transfer of employment (転籍); empty while in service. */
  transferredOn: string;
  assessments: AssessedLevel[];
  targetRoles: TargetRoleSetting[];
}

export function planningProfile(h: EmployeeHistory, t: RotationTimeline): PlanningProfile {
  return {
    employeeId: h.employeeId,
    assignments: t.assignments,
    secondments: t.secondments,
    jobTypeHistory: t.jobTypeHistory,
    certifications: t.certifications,
    transferredOn: t.transferOfEmployment?.transferredOn ?? "",
    assessments: h.assessments.map(({ skillId, level, effectiveDate, evidence }) => ({
      skillId,
      level,
      effectiveDate,
      evidence,
    })),
    targetRoles: h.targetRoles.map(({ roleId, catalogueFiscalYear, effectiveDate, evidence }) => ({
      roleId,
      catalogueFiscalYear,
      effectiveDate,
      evidence,
    })),
  };
}

/**
 * The profile without its evidence: what roster shards kept before they carried the evidence (their
 * `entries`, still served until each employee's next projection). Every rule below gives the same facts
 * for it as for the full profile, only without the events.
 */
export function rosterEntryOf(p: PlanningProfile): PlanningProfile {
  const bare = <T extends { evidence: EventRef[] }>(items: readonly T[]) =>
    items.map((i) => ({ ...i, evidence: [] }));
  return {
    ...p,
    assignments: bare(p.assignments),
    secondments: bare(p.secondments).map((s) => ({ ...s, hostName: "", titleAtHost: "" })),
    jobTypeHistory: bare(p.jobTypeHistory),
    certifications: bare(p.certifications).map((c) => ({ ...c, certificationName: "" })),
    assessments: bare(p.assessments),
    targetRoles: bare(p.targetRoles),
  };
}

/** The day transfer planning looks at: transfers take effect on 1 April of the fiscal year. */
export const planningDay = (fiscalYear: number) => `${fiscalYear}-04-01`;

/** Years from `from` to `to` (days / 365.25), one decimal place. */
const yearsBetween = (from: string, to: string) =>
  Math.round(((daysInclusive(from, to) - 1) / 365.25) * 10) / 10;

/** The same month and day `years` later (29 February stays a string that sorts after 28 February). */
const anniversary = (date: string, years: number) =>
  `${String(Number(date.slice(0, 4)) + years).padStart(4, "0")}${date.slice(4)}`;

const ICT = "ICT";

/**
 * The post an employee holds on a day: the posting in force, and the secondment running then (whose home
 * post's department counts); undefined when not in the government's service that day.
 */
function postHeldOn(p: PlanningProfile, day: string) {
  if (p.transferredOn && p.transferredOn <= day) return undefined;
  const assignment = p.assignments.filter((a) => a.startedOn <= day).at(-1);
  if (!assignment) return undefined;
  const seconded = p.secondments.find((s) => s.startsOn <= day && (!s.endedOn || day <= s.endedOn));
  const department = (seconded?.homeDepartment || assignment.department) ?? "";
  return { assignment, seconded, department };
}

/** The department an employee belongs to on 1 April of a fiscal year (the filters' department). */
export const departmentOn = (p: PlanningProfile, fiscalYear: number): string | undefined =>
  postHeldOn(p, planningDay(fiscalYear))?.department;

/**
 * The facts a transfer decision weighs, as of 1 April of `fiscalYear`; undefined when the employee is not
 * in the government's service that day (not yet posted, or transferred out). While on secondment the
 * post is the home post, held "since" the secondment's start; otherwise the time in post runs from the
 * posting, or from the day after a secondment that interrupted it.
 */
export function rotationFacts(
  p: PlanningProfile,
  fiscalYear: number,
  c: Classification,
): syncV1.RotationFacts | undefined {
  const day = planningDay(fiscalYear);
  const held = postHeldOn(p, day);
  if (!held) return undefined;
  const { assignment, seconded } = held;
  const since = seconded
    ? seconded.startsOn
    : p.secondments
        .filter((s) => s.endedOn && s.endedOn >= assignment.startedOn && s.endedOn < day)
        .reduce((from, s) => maxDate(from, addDays(s.endedOn, 1)), assignment.startedOn);
  const before = dayBefore(day);
  const balance = capabilityBalance(p, before, c);
  const coverage = targetRoleCoverageOn(p.targetRoles, p.assessments, day, fiscalYear, c);
  const first = [p.assignments[0]?.startedOn, p.jobTypeHistory[0]?.effectiveDate].filter(Boolean).sort()[0];
  return {
    employeeId: p.employeeId,
    post: {
      department: held.department,
      post: (seconded?.homePost || assignment.post) ?? "",
      rank: assignment.rank,
      inPostSince: since,
      yearsInPost: yearsBetween(since, day),
      onSecondment: seconded !== undefined,
      evidence: seconded ? mergeRefs(assignment.evidence, seconded.evidence) : assignment.evidence,
    },
    jobType: p.jobTypeHistory.filter((j) => j.effectiveDate <= day).at(-1)?.jobType ?? "",
    yearsOfService: first ? yearsBetween(first, day) : 0,
    yearsAsIct: yearsByJobType(p, before).find((y) => y.jobType === ICT)?.years ?? 0,
    capabilityBalance: balance,
    capabilityToStrengthen: capabilityToStrengthen(balance, c.planning.dqTargetPercent),
    dqTargetPercent: c.planning.dqTargetPercent,
    targetRoleId: coverage?.roleId ?? "",
    targetRoleSkillsShort: coverage?.skillsShort ?? [],
    targetRoleEvidence: coverage?.evidence ?? [],
    secondments: secondmentYears(p, before),
    certifications: p.certifications.filter((x) => x.acquiredOn <= day),
    // A manager moved on 1 April is evaluated the day before (異動時評定); not while seconded (not in post).
    evaluationAtTransferDueOn: !seconded && isManager(c, assignment.rank) ? before : "",
  };
}

/** Which capability a next post should build to bring the career toward the target share of DQ. */
function capabilityToStrengthen(b: syncV1.CapabilityBalance, dqTarget: number): syncV1.Capability {
  if (b.dqMonths + b.gqMonths === 0 || b.dqPercent === dqTarget) return syncV1.Capability.UNSPECIFIED;
  return b.dqPercent < dqTarget ? syncV1.Capability.DQ : syncV1.Capability.GQ;
}

/** Years seconded per host kind up to `until`, with the secondments behind them. */
function secondmentYears(p: PlanningProfile, until: string): syncV1.HostKindYears[] {
  const byKind = new Map<secondmentV1.HostKind, { days: number; evidence: EventRef[] }>();
  for (const s of p.secondments.filter((s) => s.startsOn <= until)) {
    const entry = byKind.get(s.hostKind) ?? { days: 0, evidence: [] };
    entry.days += daysInclusive(s.startsOn, minDate(s.endedOn || until, until));
    entry.evidence = mergeRefs(entry.evidence, s.evidence);
    byKind.set(s.hostKind, entry);
  }
  return [...byKind].map(([hostKind, { days, evidence }]) => ({
    hostKind,
    years: Math.round((days / 365.25) * 10) / 10,
    evidence,
  }));
}

/** Whether the employee is due for rotation: in post (not seconded) for `minYears` by 1 April. */
export const isDueForRotation = (facts: syncV1.RotationFacts, fiscalYear: number, minYears: number) =>
  !!facts.post &&
  !facts.post.onSecondment &&
  anniversary(facts.post.inPostSince, minYears) <= planningDay(fiscalYear);

/** What a post asks of its candidates (`FindCandidates`), before a skill-map role is expanded. */
export interface CandidateQuery {
  fiscalYear: number;
  requiredSkills: Array<{ skillId: string; minLevel: number }>;
  skillMapRoleId: string;
  capability: syncV1.Capability;
  minRank: postingsV1.Rank;
  minYearsOfService: number;
  minYearsAsIct: number;
}

/** One requirement to check each employee against. */
export type Requirement =
  | { kind: syncV1.RequirementKind.SKILL; skillId: string; minLevel: number }
  | { kind: syncV1.RequirementKind.CAPABILITY; capability: syncV1.Capability }
  | { kind: syncV1.RequirementKind.RANK; rank: postingsV1.Rank }
  | { kind: syncV1.RequirementKind.YEARS_OF_SERVICE | syncV1.RequirementKind.YEARS_AS_ICT; years: number };

const RANKS: postingsV1.Rank[] = Object.values(postingsV1.Rank).filter(
  (r) => r !== postingsV1.Rank.UNRECOGNIZED,
);
const rankOrder = (rank: postingsV1.Rank) => RANKS.indexOf(rank);

/**
 * The requirements a query names: the skills asked for, then a skill-map role's skills as the skill map in
 * force that fiscal year defines them (a skill named twice counts once, at the higher level), then the
 * capability, rank and years. A role the skill map does not hold is refused by rule. A query without any
 * requirement names none, so everyone in scope is listed (a department's roster with its facts).
 */
export function requirementsOf(q: CandidateQuery, c: Classification): Requirement[] {
  const levels = new Map<string, number>();
  const want = (skillId: string, level: number) =>
    levels.set(skillId, Math.max(level, levels.get(skillId) ?? 0));
  for (const s of q.requiredSkills) want(s.skillId, s.minLevel);
  if (q.skillMapRoleId) {
    const found = roleInForce(c.skillMaps, q.skillMapRoleId, q.fiscalYear, q.fiscalYear);
    if (!found) {
      // A well-formed id the reference data lacks: refused by rule (422), as the skills service does.
      throw new RuleViolation(
        "ROLE_NOT_ON_SKILL_MAP",
        `skillMapRoleId: ${q.skillMapRoleId} is not a role of the skill map in force in FY${q.fiscalYear}`,
      );
    }
    for (const r of found.role.requirements) want(r.skillId, r.level);
  }
  const out: Requirement[] = [...levels].map(([skillId, minLevel]) => ({
    kind: syncV1.RequirementKind.SKILL,
    skillId,
    minLevel,
  }));
  if (q.capability !== syncV1.Capability.UNSPECIFIED)
    out.push({ kind: syncV1.RequirementKind.CAPABILITY, capability: q.capability });
  if (q.minRank !== postingsV1.Rank.UNSPECIFIED)
    out.push({ kind: syncV1.RequirementKind.RANK, rank: q.minRank });
  if (q.minYearsOfService > 0)
    out.push({ kind: syncV1.RequirementKind.YEARS_OF_SERVICE, years: q.minYearsOfService });
  if (q.minYearsAsIct > 0) out.push({ kind: syncV1.RequirementKind.YEARS_AS_ICT, years: q.minYearsAsIct });
  return out;
}

/** An employee's facts against each requirement, with the events behind each fact. */
export function candidateOf(
  p: PlanningProfile,
  facts: syncV1.RotationFacts,
  requirements: readonly Requirement[],
  fiscalYear: number,
): syncV1.Candidate {
  const day = planningDay(fiscalYear);
  const levels = levelsOn(p.assessments, day);
  const match = (r: Requirement): syncV1.RequirementMatch => {
    switch (r.kind) {
      case syncV1.RequirementKind.SKILL: {
        const assessed = levels.get(r.skillId);
        const level = assessed?.level ?? 0;
        return result(r.kind, r.skillId, r.minLevel, level >= r.minLevel, String(level), assessed?.evidence);
      }
      case syncV1.RequirementKind.CAPABILITY: {
        const b = facts.capabilityBalance;
        const evidence = [...p.assignments, ...p.secondments]
          .filter((x) => ("startedOn" in x ? x.startedOn : x.startsOn) < day)
          .reduce<EventRef[]>((refs, x) => mergeRefs(refs, x.evidence), []);
        return result(
          r.kind,
          r.capability,
          0,
          facts.capabilityToStrengthen === r.capability,
          `DQ ${b?.dqPercent ?? 0}% / GQ ${b?.gqPercent ?? 0}%`,
          evidence,
        );
      }
      case syncV1.RequirementKind.RANK: {
        const rank = facts.post?.rank ?? postingsV1.Rank.UNSPECIFIED;
        const met = rank !== postingsV1.Rank.UNSPECIFIED && rankOrder(rank) >= rankOrder(r.rank);
        return result(r.kind, r.rank, 0, met, rank, facts.post?.evidence);
      }
      case syncV1.RequirementKind.YEARS_OF_SERVICE: {
        const first = [p.assignments[0], p.jobTypeHistory[0]].filter((x) => x !== undefined);
        const evidence = first.reduce<EventRef[]>((refs, x) => mergeRefs(refs, x.evidence), []);
        const years = facts.yearsOfService;
        return result(r.kind, "yearsOfService", r.years, years >= r.years, String(years), evidence);
      }
      default: {
        const ict = p.jobTypeHistory.filter((j) => j.jobType === ICT && j.effectiveDate < day);
        const evidence = ict.reduce<EventRef[]>((refs, x) => mergeRefs(refs, x.evidence), []);
        const years = facts.yearsAsIct;
        return result(r.kind, "yearsAsIct", r.years, years >= r.years, String(years), evidence);
      }
    }
  };
  const matches = requirements.map(match);
  return {
    facts,
    requirementsMet: matches.filter((m) => m.met).length,
    requirementsTotal: matches.length,
    requirements: matches,
  };
}

const result = (
  kind: syncV1.RequirementKind,
  required: string,
  requiredValue: number,
  met: boolean,
  fact: string,
  evidence: EventRef[] = [],
): syncV1.RequirementMatch => ({ kind, required, requiredValue, met, fact, evidence });

/** Who a list looks at: the department and job type on 1 April (empty: any). */
export interface PlanningFilter {
  department: string;
  jobType: string;
}

const passes = (facts: syncV1.RotationFacts, f: PlanningFilter) =>
  (!f.department || facts.post?.department === f.department) && (!f.jobType || facts.jobType === f.jobType);

/**
 * An employee's entry in the due list of `fiscalYear`, or undefined when not due or filtered out; `facts`
 * are the profile's `rotationFacts` that year, when already computed.
 */
export function dueEntry(
  p: PlanningProfile,
  fiscalYear: number,
  minYears: number,
  filter: PlanningFilter,
  c: Classification,
  facts = rotationFacts(p, fiscalYear, c),
): syncV1.RotationFacts | undefined {
  return facts && passes(facts, filter) && isDueForRotation(facts, fiscalYear, minYears) ? facts : undefined;
}

/** An employee as a candidate, or undefined when filtered out or meeting no requirement (`facts`: as above). */
export function candidateEntry(
  p: PlanningProfile,
  fiscalYear: number,
  requirements: readonly Requirement[],
  filter: PlanningFilter,
  c: Classification,
  facts = rotationFacts(p, fiscalYear, c),
): syncV1.Candidate | undefined {
  if (!facts || !passes(facts, filter)) return undefined;
  const candidate = candidateOf(p, facts, requirements, fiscalYear);
  // With no requirement asked every employee in scope is listed; otherwise only those meeting one.
  return candidate.requirementsMet > 0 || !requirements.length ? candidate : undefined;
}

/** A list's order as a key: compared element by element (numbers as numbers, text as text). */
export type SortKey = Array<string | number>;

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The due list's order: longest in post first, then by employee id. */
export const dueOrder = (f: syncV1.RotationFacts): SortKey => [f.post?.inPostSince ?? "", f.employeeId];

/** The candidates' order: most requirements met first, then longest in post, then by employee id. */
export const candidateOrder = (c: syncV1.Candidate): SortKey => [
  -c.requirementsMet,
  ...dueOrder(c.facts as syncV1.RotationFacts),
];
