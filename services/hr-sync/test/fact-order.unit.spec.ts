import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CLASSIFICATION,
  employeeHistory,
  evaluationRecords,
  type Fact,
  inRecordedOrder,
  rotationTimeline,
} from "../src/domain";
import { E, fact } from "./facts.fixtures";
import { propertyRuns } from "./property-runs";

/** Every order of the items (n! of them: keep n small). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const records = (facts: readonly Fact[]) => {
  const history = employeeHistory(E, facts);
  return {
    rotation: rotationTimeline(history),
    evaluations: evaluationRecords(history, DEFAULT_CLASSIFICATION),
  };
};

const POSTINGS = `postings-${E}`;
const SKILLS = `skills-profile-${E}`;
/** A time on 1 April 2025, seconds after 09:00:00 UTC: replicas' clocks differ by a few seconds. */
const at = (second: number) => `2025-04-01T09:00:${String(second).padStart(2, "0")}.000Z`;

const posted = (department: string, second: number, sequence: number, type = "PostingRecorded") =>
  fact(
    `hr.postings.v1.${type}`,
    {
      postingId: "p1",
      effectiveDate: "2024-04-01",
      department,
      post: "主事",
      kind: "POSTING_KIND_REGULAR_TRANSFER",
    },
    { recordedAt: at(second), streamId: POSTINGS, sequence },
  );

const assessed = (level: number, second: number, sequence: number, type = "SkillAssessed") =>
  fact(
    `hr.skills.v1.${type}`,
    { assessmentId: "a1", effectiveDate: "2024-05-01", skillId: "cloud", level },
    { recordedAt: at(second), streamId: SKILLS, sequence },
  );

describe("facts are ordered by their stream's sequence, by time only across streams", () => {
  it("given a correction recorded by a replica whose clock is behind (an earlier ce_time than the fact it corrects), then the correction still wins", () => {
    const recorded = posted("建設局", 5, 1);
    const corrected = posted("デジタルサービス局", 3, 2, "PostingCorrected");
    const fy2024 = records([
      recorded,
      corrected,
      assessed(2, 9, 4),
      assessed(3, 8, 5, "SkillAssessmentCorrected"),
    ]).evaluations.find((r) => r.fiscalYear === 2024);
    expect(fy2024?.department).toBe("デジタルサービス局");
    expect(fy2024?.skillLevels.map((s) => [s.skillId, s.levelAtEnd])).toEqual([["cloud", 3]]);
  });

  it("given skewed clocks that make 'sequence within a stream, time across streams' a cycle, then every permutation of the input gives one order and the same records", () => {
    // In the postings stream p1 (time 3) comes before its correction (time 1); the skills stream's fact
    // (time 2) is after the correction and before p1 by time: pairwise, a cycle.
    const recorded = posted("建設局", 3, 1);
    const corrected = posted("デジタルサービス局", 1, 2, "PostingCorrected");
    const skill = assessed(2, 2, 1);
    // Published before ce_streamid: a stream of its own, placed by time.
    const older = fact(
      "hr.training.v1.TrainingCompleted",
      {
        completionId: "c1",
        effectiveDate: "2024-06-01",
        courseId: "dx",
        courseTitle: "DX",
        form: "TRAINING_FORM_E_LEARNING",
        hours: 2,
      },
      { recordedAt: at(2), sequence: 7 },
    );
    const facts = [recorded, corrected, skill, older];
    const expectedOrder = [older, skill, recorded, corrected].map((f) => f.id);
    const expected = records(facts);
    expect(expected.evaluations.find((r) => r.fiscalYear === 2024)?.department).toBe("デジタルサービス局");
    for (const input of permutations([...facts, corrected, older])) {
      expect(inRecordedOrder(input).map((f) => f.id)).toEqual(expectedOrder);
      expect(records(input)).toEqual(expected);
    }
  });

  it("given facts without a stream id (published before ce_streamid), then they keep the order of their time, then sequence, then id", () => {
    const first = posted("建設局", 1, 9);
    const second = posted("財務局", 2, 1, "PostingCorrected");
    const [a, b] = [first, second].map(({ streamId: _, ...f }) => f);
    for (const input of permutations([a!, b!])) {
      expect(inRecordedOrder(input).map((f) => f.id)).toEqual([a!.id, b!.id]);
      expect(records(input).evaluations.find((r) => r.fiscalYear === 2024)?.department).toBe("財務局");
    }
  });
});

/** The merge as first written: scan every stream's next fact for the first (O(facts x streams)). */
function mergedByScan(facts: readonly Fact[]): Fact[] {
  const byId = (a: Fact, b: Fact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const bySequence = (a: Fact, b: Fact) => a.sequence - b.sequence || byId(a, b);
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byTime = (a: Fact, b: Fact) =>
    compare(a.recordedAt, b.recordedAt) || compare(a.streamId ?? "", b.streamId ?? "") || bySequence(a, b);
  const streams = new Map<string, Fact[]>();
  for (const f of new Map(facts.map((x) => [x.id, x])).values()) {
    const key = f.streamId ? `stream:${f.streamId}` : `fact:${f.id}`;
    streams.set(key, [...(streams.get(key) ?? []), f]);
  }
  const queues = [...streams.values()].map((s) => s.sort(bySequence));
  const out: Fact[] = [];
  while (queues.length) {
    let next = 0;
    for (let i = 1; i < queues.length; i++) if (byTime(queues[i]![0]!, queues[next]![0]!) < 0) next = i;
    out.push(queues[next]!.shift()!);
    if (!queues[next]!.length) queues.splice(next, 1);
  }
  return out;
}

describe("the merge of streams (issue 19 item 6: a heap, not a scan of every stream per fact)", () => {
  it("given facts of few and many streams, with and without stream ids, skewed clocks and equal times, then it is the scan's order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stream: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
            second: fc.nat(5),
            sequence: fc.nat(6),
            id: fc.nat(40),
          }),
          { maxLength: 60 },
        ),
        (drawn) => {
          const facts = drawn.map(({ stream, second, sequence, id }) =>
            fact(
              "hr.skills.v1.SkillAssessed",
              { assessmentId: `a${id}`, effectiveDate: "2024-05-01", skillId: "s", level: 1 },
              { id: `f${id}`, recordedAt: at(second), sequence, ...(stream ? { streamId: stream } : {}) },
            ),
          );
          expect(inRecordedOrder(facts).map((f) => f.id)).toEqual(mergedByScan(facts).map((f) => f.id));
        },
      ),
      propertyRuns("the merge of streams", 300),
    );
  });
});
