import type { ReceivedEvent } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import { factOf } from "../src/application/projector";
import {
  type CandidateQuery,
  type Classification,
  candidateEntry,
  departmentOn,
  dueEntry,
  employeeHistory,
  evaluationRecords,
  type Fact,
  type PlanningProfile,
  planningProfile,
  type RotationTimeline,
  requirementsOf,
  rotationTimeline,
} from "../src/domain";
import { SKILLS } from "./careers.arbitrary";

export interface EmployeeRecords {
  rotation: RotationTimeline;
  evaluations: syncV1.EvaluationRecord[];
  planning: {
    /** What the planning read model keeps of the employee (in its roster shard, with the evidence). */
    profile: PlanningProfile;
    /** Transfer planning's answers about the employee, each fiscal year of `planningYears`. */
    answers: PlanningAnswer[];
  };
}

/**
 * The candidate search the records property asks every year: a requirement of each kind, skills the
 * careers generator assesses, so each can be met or not. No department or job type filter: each career
 * is the only employee of its generation, so a list holds it or nothing.
 */
export const PLANNING_QUERY: Omit<CandidateQuery, "fiscalYear"> = {
  requiredSkills: [
    { skillId: SKILLS[0]!, minLevel: 3 },
    { skillId: SKILLS.at(-1)!, minLevel: 2 },
  ],
  skillMapRoleId: "",
  capability: syncV1.Capability.DQ,
  minRank: postingsV1.Rank.CHIEF,
  minYearsOfService: 2,
  minYearsAsIct: 1,
};
export const NO_FILTER = { department: "", jobType: "" };

/** Transfer planning's answers about one employee in one fiscal year, as ListDueForRotation etc. list them. */
export interface PlanningAnswer {
  fiscalYear: number;
  /** ListDueForRotation at the configured threshold (`minYearsInPost` 0). */
  due: syncV1.RotationFacts[];
  /** FindCandidates for PLANNING_QUERY. */
  candidates: syncV1.Candidate[];
  /** The department the planning pages offer for the employee (1 April). */
  departments: string[];
}

/** Every fiscal year the planning answers are checked in: the first record's to the one after the last. */
export function planningYears(evaluations: readonly syncV1.EvaluationRecord[]): number[] {
  const years = evaluations.map((r) => r.fiscalYear);
  if (!years.length) return [];
  const first = Math.min(...years);
  return Array.from({ length: Math.max(...years) + 2 - first }, (_, i) => first + i);
}

/** The planning answers of a profile, by the domain functions the queries use. */
export function planningAnswers(
  p: PlanningProfile,
  years: readonly number[],
  c: Classification,
): PlanningAnswer[] {
  return years.map((fiscalYear) => {
    const due = dueEntry(p, fiscalYear, c.planning.minYearsInPost, NO_FILTER, c);
    const requirements = requirementsOf({ ...PLANNING_QUERY, fiscalYear }, c);
    const candidate = candidateEntry(p, fiscalYear, requirements, NO_FILTER, c);
    const department = departmentOn(p, fiscalYear);
    return {
      fiscalYear,
      due: due ? [due] : [],
      candidates: candidate ? [candidate] : [],
      departments: department ? [department] : [],
    };
  });
}

/** An employee's records and planning answers from a set of facts, by the pure domain functions. */
export function recordsOf(employeeId: string, facts: readonly Fact[], c: Classification): EmployeeRecords {
  const history = employeeHistory(employeeId, facts);
  const rotation = rotationTimeline(history);
  const evaluations = evaluationRecords(history, c);
  const profile = planningProfile(history, rotation);
  return {
    rotation,
    evaluations,
    planning: { profile, answers: planningAnswers(profile, planningYears(evaluations), c) },
  };
}

/**
 * The order the contract defines (CONTRACTS.md, README "Records are a function of the set of facts"):
 * each stream in the order it was appended, the streams merged by the `ce_time` of their next event
 * (ties by stream id). Built from the order the generator appended the events in, never from
 * `ce_sequence`, so it is what the services did, not what hr-sync makes of their headers.
 */
function contractOrder(appended: readonly ReceivedEvent[]): ReceivedEvent[] {
  const streams = new Map<string, ReceivedEvent[]>();
  for (const r of appended) streams.set(r.streamId ?? r.id, [...(streams.get(r.streamId ?? r.id) ?? []), r]);
  const queues = [...streams.entries()];
  const out: ReceivedEvent[] = [];
  while (queues.length) {
    const [, first] = queues.reduce((a, b) => {
      const [x, y] = [a[1][0]!, b[1][0]!];
      return y.time < x.time || (y.time === x.time && b[0] < a[0]) ? b : a;
    });
    out.push(first.shift()!);
    queues.splice(0, queues.length, ...queues.filter(([, q]) => q.length));
  }
  return out;
}

/**
 * The oracle: the records of the facts applied one after another in recorded order. Their `ce_time`
 * is replaced by a clock that never runs backwards, so whatever hr-sync orders facts by (time, stream
 * sequence) it applies them in exactly this order.
 */
export function recordsInOrder(
  employeeId: string,
  appended: readonly ReceivedEvent[],
  c: Classification,
): EmployeeRecords {
  const start = Date.UTC(2031, 3, 1);
  const facts = contractOrder(appended).map((received, i) => ({
    ...factOf(received),
    recordedAt: new Date(start + i * 1_000).toISOString(),
  }));
  return recordsOf(employeeId, facts, c);
}
