// The course report read model against the real store (issue 18 item 8): its consumer's partitions and the
// service's replicas project completions and surveys of one course at once, and no count may be lost; every
// read and write is by `_id` (FerretDB uses no other index).
import type { DomainEvent, ReceivedEvent } from "@hr/kit";
import { databaseUnderTest, testNamespace } from "@hr/testing";
import { describe, expect, it } from "vitest";
import { CourseReportReadModel } from "../src/application/course-report.projection";
import type { TrainingRecordEvent } from "../src/domain";

const ns = testNamespace();
const store = databaseUnderTest(ns);

/** An event as the consumer receives it; `sequence` is its position in the employee's stream. */
function received(event: TrainingRecordEvent, sequence: number): ReceivedEvent {
  const employeeId = event.data.employeeId;
  return {
    event: event as DomainEvent,
    key: employeeId,
    topic: "hr.training.v1",
    partition: 0,
    offset: String(sequence),
    id: `ev-${employeeId}-${sequence}`,
    source: "/hr/training",
    type: `hr.training.v1.${event.type}`,
    subject: employeeId,
    time: new Date().toISOString(),
    effectiveDate: event.data.effectiveDate,
    sequence: String(sequence),
    streamId: `training-record-${employeeId}`,
  };
}

const completed = (
  employeeId: string,
  courseId: string,
  effectiveDate = "2024-06-03",
): TrainingRecordEvent => ({
  type: "TrainingCompleted",
  data: {
    employeeId,
    effectiveDate,
    completionId: `${employeeId}-${courseId}`,
    courseId,
    courseTitle: courseId,
    form: "TRAINING_FORM_E_LEARNING",
    provider: "COURSE_PROVIDER_EXTERNAL",
    source: "COMPLETION_SOURCE_RECORDED",
  },
});

const survey = (
  employeeId: string,
  courseId: string,
  phase: "PRE" | "POST",
  score: number,
): TrainingRecordEvent => ({
  type: "SurveyRecorded",
  data: {
    employeeId,
    effectiveDate: phase === "PRE" ? "2024-05-01" : "2024-07-01",
    surveyId: `${employeeId}-${courseId}-${phase}`,
    courseId,
    phase: `SURVEY_PHASE_${phase}`,
    answers: [{ itemId: "knowledge", kind: "SURVEY_ITEM_KIND_KNOWLEDGE", score }],
  },
});

const employees = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe("the course report read model", () => {
  it("loses no completion or survey when two replicas project one course's events at once", async () => {
    const replicas = [new CourseReportReadModel(store.db), new CourseReportReadModel(store.db)];
    const staff = employees(12, "EC");
    // Each employee's events in their stream's order (one partition each), employees side by side.
    await Promise.all(
      staff.map(async (employeeId, i) => {
        const replica = replicas[i % 2]!;
        await replica.project(received(survey(employeeId, "SEC-101", "PRE", 2), 1));
        await replica.project(received(completed(employeeId, "SEC-101"), 2));
        await replica.project(received(survey(employeeId, "SEC-101", "POST", 4), 3));
      }),
    );
    const report = await replicas[0]!.report("SEC-101", 2024);
    expect(report.completions).toBe(12);
    expect(report.employeeIds).toEqual([...staff].sort());
    expect(report.surveyEffect).toEqual([
      {
        itemId: "knowledge",
        kind: "SURVEY_ITEM_KIND_KNOWLEDGE",
        preMean: 2,
        postMean: 4,
        change: 2,
        respondents: 12,
      },
    ]);
  });

  it("follows corrections to another course and voidings projected beside other employees' completions", async () => {
    const replicas = [new CourseReportReadModel(store.db), new CourseReportReadModel(store.db)];
    const staff = employees(16, "EM");
    await Promise.all(
      staff.map(async (employeeId, i) => {
        const replica = replicas[i % 2]!;
        const first = completed(employeeId, "CLOUD-A");
        await replica.project(received(first, 1));
        if (i % 4 === 1) {
          // Moved to CLOUD-B (and into FY2023).
          const moved: TrainingRecordEvent = {
            type: "CompletionCorrected",
            data: {
              ...first.data,
              courseId: "CLOUD-B",
              effectiveDate: "2024-03-29",
              previousEffectiveDate: first.data.effectiveDate,
              reasonCode: "CORRECTION_REASON_WRONG_COURSE",
            } as never,
          };
          await replica.project(received(moved, 2));
        }
        if (i % 4 === 2) {
          const voided: TrainingRecordEvent = {
            type: "CompletionVoided",
            data: {
              employeeId,
              effectiveDate: first.data.effectiveDate,
              completionId: `${employeeId}-CLOUD-A`,
              reasonCode: "VOID_REASON_DUPLICATE",
            },
          };
          await replica.project(received(voided, 2));
        }
      }),
    );
    const reportA = await replicas[1]!.report("CLOUD-A");
    expect(reportA.completions).toBe(8);
    expect(reportA.employeeIds).toEqual(staff.filter((_, i) => i % 4 === 0 || i % 4 === 3).sort());
    expect((await replicas[0]!.report("CLOUD-B", 2023)).completions).toBe(4);
    expect((await replicas[0]!.report("CLOUD-B", 2024)).completions).toBe(0);
  });

  it("changes nothing when events are delivered again, and reads and writes by _id only", async () => {
    const model = new CourseReportReadModel(store.db);
    const events = [
      received(completed("ER1", "DX-1"), 1),
      received(completed("ER2", "DX-1"), 1),
      received(survey("ER1", "DX-1", "PRE", 1), 2),
      received(survey("ER1", "DX-1", "POST", 5), 3),
    ];
    for (const event of events) await model.project(event);
    const before = await model.report("DX-1");
    store.commands.length = 0;
    for (const event of events) await model.project(event);
    expect(await model.report("DX-1")).toEqual(before);
    expect(before.completions).toBe(2);
    expect(before.surveyEffect[0]?.respondents).toBe(1);
    const filters = store.commands.flatMap((c) => {
      const body = c.command as Record<string, unknown>;
      if (c.commandName === "find") return [body.filter];
      if (c.commandName === "update") return (body.updates as { q: unknown }[]).map((u) => u.q);
      return [];
    });
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) expect(Object.keys(filter as object)).toEqual(["_id"]);
  });
});
