import { headerStrings, signToken, startEventSourcedService } from "@hr/kit";
import { postingsV1, TRAINING_LIMITS, trainingV1 } from "@hr/proto";
import { collectTopic, serviceUnderTest, testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Events that break the producing APIs' rules, put straight onto the topics as a faulty or hostile
 * producer would: each goes to hr.sync.dlq.v1 as `invalid` naming the field, and the event after them is
 * projected (issue 20).
 */
const ns = testNamespace();
const sync = serviceUnderTest(hrSyncService, ns, { start: startEventSourcedService, sign: signToken });
const dead = collectTopic(ns.topic("hr.sync.dlq.v1"), ns);
const E = "PV0001";

const posting = (id: string, changes: Partial<postingsV1.PostingRecorded> = {}) =>
  postingsV1.PostingRecorded.encode(
    postingsV1.PostingRecorded.fromPartial({
      employeeId: E,
      effectiveDate: "2024-04-01",
      postingId: `pst-${id}`,
      department: "デジタルサービス局 総務部",
      post: "主事",
      kind: postingsV1.PostingKind.REGULAR_TRANSFER,
      ...changes,
    }),
  ).finish();

interface Poison {
  id: string;
  topic?: string;
  type?: string;
  value: Uint8Array;
  key?: string | null;
  time?: string;
  effectiveDate?: string;
  /** The field the dead letter's detail names. */
  field: string;
}

const poisons: Poison[] = [
  // Field 6 (kind) again as varint 999: the last value wins on the wire, one the proto does not define.
  {
    id: "enum-999",
    value: Buffer.concat([posting("enum-999"), Buffer.from([0x30, 0xe7, 0x07])]),
    field: "kind",
  },
  {
    id: "kind-unspecified",
    value: posting("kind-unspecified", { kind: postingsV1.PostingKind.UNSPECIFIED }),
    field: "kind",
  },
  { id: "empty-posting-id", value: posting("x", { postingId: "" }), field: "postingId" },
  {
    id: "department-100kb",
    value: posting("big", { department: "局".repeat(100 * 1024) }),
    field: "department",
  },
  {
    id: "hours-negative",
    topic: "hr.training.v1",
    type: "hr.training.v1.TrainingCompleted",
    value: trainingV1.TrainingCompleted.encode(
      trainingV1.TrainingCompleted.fromPartial({
        employeeId: E,
        effectiveDate: "2024-04-01",
        completionId: "cmp-neg",
        courseId: "dx-basics",
        courseTitle: "DX basics",
        form: trainingV1.TrainingForm.E_LEARNING,
        hours: -5,
      }),
    ).finish(),
    field: "hours",
  },
  ...overTrainingLimits(),
  { id: "time-yesterday", value: posting("time"), time: "yesterday", field: "ce_time" },
  { id: "posting-on-training", topic: "hr.training.v1", value: posting("wrong-topic"), field: "ce_type" },
  { id: "key-null", value: posting("no-key"), key: null, field: "message key" },
  {
    id: "date-feb-30",
    value: posting("feb30", { effectiveDate: "2023-02-30" }),
    effectiveDate: "2023-04-01",
    field: "effectiveDate",
  },
];

/**
 * Training events over the training API's per-field maximums (TRAINING_LIMITS), one per kind of limit:
 * a number's range (hours, a score, a survey answer, yen), a list's length, a text's pattern.
 */
function overTrainingLimits(): Poison[] {
  const L = TRAINING_LIMITS;
  const about = { employeeId: E, effectiveDate: "2024-04-01" };
  const training = (id: string, type: string, value: Uint8Array, field: string): Poison => ({
    id,
    topic: "hr.training.v1",
    type: `hr.training.v1.${type}`,
    value,
    field,
  });
  const completed = (id: string, changes: Partial<trainingV1.TrainingCompleted>) =>
    trainingV1.TrainingCompleted.encode(
      trainingV1.TrainingCompleted.fromPartial({
        ...about,
        completionId: `cmp-${id}`,
        courseId: "dx-basics",
        courseTitle: "DX basics",
        form: trainingV1.TrainingForm.E_LEARNING,
        ...changes,
      }),
    ).finish();
  const answer = { itemId: "awareness", kind: trainingV1.SurveyItemKind.AWARENESS, score: 3 };
  const survey = (id: string, answers: trainingV1.SurveyAnswer[]) =>
    trainingV1.SurveyRecorded.encode(
      trainingV1.SurveyRecorded.fromPartial({
        ...about,
        surveyId: `srv-${id}`,
        courseId: "dx-basics",
        answers,
      }),
    ).finish();
  const destination = {
    name: "City of Helsinki",
    kind: trainingV1.DestinationKind.GOVERNMENT_BODY,
    countryCode: "FI",
    city: "Helsinki",
  };
  const applied = (id: string, candidateDestinations: trainingV1.Destination[]) =>
    trainingV1.OverseasTrainingApplied.encode(
      trainingV1.OverseasTrainingApplied.fromPartial({
        ...about,
        applicationId: `app-${id}`,
        fiscalYear: 2024,
        kind: trainingV1.ApplicationKind.INDIVIDUAL,
        applicantEmployeeIds: [E],
        candidateDestinations,
      }),
    ).finish();
  return [
    training("hours-over", "TrainingCompleted", completed("h", { hours: L.hours.maximum + 1 }), "hours"),
    training("score-over", "TrainingCompleted", completed("s", { score: L.score.maximum + 1 }), "score"),
    training(
      "survey-answer-6",
      "SurveyRecorded",
      survey("6", [answer, { ...answer, score: L.surveyScore.maximum + 1 }]),
      "answers[1].score",
    ),
    training(
      "survey-answers-over",
      "SurveyRecorded",
      survey("n", Array(L.surveyAnswers.maxItems + 1).fill(answer)),
      "answers",
    ),
    training(
      "yen-over",
      "CertificationSubsidyRequested",
      trainingV1.CertificationSubsidyRequested.encode(
        trainingV1.CertificationSubsidyRequested.fromPartial({
          ...about,
          subsidyId: "sub-yen",
          certificationCode: "IPA-SC",
          examOn: "2024-04-01",
          requestedAmountYen: L.yen.maximum + 1,
        }),
      ).finish(),
      "requestedAmountYen",
    ),
    training(
      "destinations-over",
      "OverseasTrainingApplied",
      applied("d", Array(L.destinations.maxItems + 1).fill(destination)),
      "candidateDestinations",
    ),
    training(
      "country-code",
      "OverseasTrainingApplied",
      applied("c", [{ ...destination, countryCode: "Finland" }]),
      "candidateDestinations[0].countryCode",
    ),
  ];
}

async function publish(messages: Poison[]) {
  const producer = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    for (const m of messages) {
      await producer.send({
        topic: ns.topic(m.topic ?? "hr.postings.v1"),
        messages: [
          {
            key: m.key === undefined ? E : m.key,
            value: Buffer.from(m.value),
            headers: {
              ce_specversion: "1.0",
              ce_id: m.id,
              ce_source: "/e2e",
              ce_type: m.type ?? "hr.postings.v1.PostingRecorded",
              ce_subject: E,
              ce_time: m.time ?? new Date().toISOString(),
              ce_effectivedate: m.effectiveDate ?? "2024-04-01",
              ce_sequence: "1",
              "content-type": "application/protobuf",
            },
          },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

describe("events against the producing APIs' rules", () => {
  it("each goes to the DLQ as invalid naming the field; the good event after them is projected", async () => {
    await publish([...poisons, { id: "good", value: posting("good"), field: "" }]);

    const letters = await waitFor(
      async () => {
        const found = dead.map((m) => headerStrings(m.headers));
        return found.length >= poisons.length ? found : undefined;
      },
      { timeoutMs: 60_000, what: `${poisons.length} dead letters` },
    );
    for (const poison of poisons) {
      const letter = letters.find((h) => h.ce_id === poison.id);
      expect(letter?.dlq_reason, poison.id).toBe("invalid");
      expect(letter?.dlq_detail, poison.id).toContain(poison.field);
    }
    expect(letters.some((h) => h.ce_id === "good")).toBe(false);

    const record = await waitFor(
      async () => {
        const r = await sync.rest("GET", `/v1/employees/${E}/rotation-record`);
        type Reply = { record: { assignments: Array<{ startedOn: string }> } };
        return r.status === 200 ? (r.body as Reply).record : undefined;
      },
      { timeoutMs: 60_000, what: "the good posting projected" },
    );
    // Only the good posting: nothing of the refused ones reached the record.
    expect(record.assignments.map((a) => a.startedOn)).toEqual(["2024-04-01"]);
  }, 120_000);
});
