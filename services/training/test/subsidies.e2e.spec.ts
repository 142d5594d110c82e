import { headerStrings } from "@hr/kit";
import { trainingV1 } from "@hr/proto";
import { collectTopic, testNamespace, waitFor } from "@hr/testing";
import { describe, expect, it } from "vitest";
import { trainingWithSkills } from "./fixtures";

/**
 * Certification subsidies over the real service, broker and store (issue 18 item 6): a subsidy approved
 * after its certification flags it, and a correction or voiding of the subsidy is published and followed.
 */
const ns = testNamespace();
const { training } = trainingWithSkills(ns);
const { rest } = training;
const published = collectTopic(ns.topic("hr.training.v1"), ns);

async function ok(method: string, path: string, body?: unknown) {
  const reply = await rest(method, path, body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

const eventsOf = (employeeId: string) =>
  published
    .filter((m) => m.key?.toString() === employeeId)
    .map((m) => ({ type: headerStrings(m.headers).ce_type ?? "", value: m.value ?? Buffer.alloc(0) }));

describe("certification subsidies", () => {
  it("flags a certification when its subsidy is approved later; a correction and a voiding follow", async () => {
    const E = "S100";
    const certificationId = (
      await ok("POST", `/v1/employees/${E}/certifications`, {
        requestId: "sub-e2e-cert",
        certificationCode: "IPA-SC",
        acquiredOn: "2024-06-20",
        examOn: "2024-04-21",
      })
    ).certificationId as string;
    const subsidyId = (
      await ok("POST", `/v1/employees/${E}/subsidies`, {
        requestId: "sub-e2e-request",
        certificationCode: "IPA-SC",
        examOn: "2024-04-21",
        kind: "SUBSIDY_KIND_EXAM_FEE",
        requestedAmountYen: 7500,
        requestedOn: "2024-07-01",
      })
    ).subsidyId as string;
    await ok("POST", `/v1/employees/${E}/subsidies/${subsidyId}/decision`, {
      requestId: "sub-e2e-approve",
      approved: true,
      approvedAmountYen: 7500,
      decidedOn: "2024-07-10",
    });
    let history = await ok("GET", `/v1/employees/${E}/training-history?fiscalYear=2024`);
    expect(history.certifications).toEqual([
      expect.objectContaining({ certificationId, examOn: "2024-04-21", examFeeSubsidised: true }),
    ]);

    // The decision moves to FY2025: the subsidy is filed there, under its decision year.
    await ok("POST", `/v1/employees/${E}/subsidies/${subsidyId}/corrections`, {
      requestId: "sub-e2e-correct",
      decidedOn: "2025-04-02",
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
    });
    history = await ok("GET", `/v1/employees/${E}/training-history?fiscalYear=2024`);
    expect(history.subsidies).toEqual([]);
    const next = await ok("GET", `/v1/employees/${E}/training-history?fiscalYear=2025`);
    expect(next.subsidies).toEqual([
      expect.objectContaining({
        subsidyId,
        approved: true,
        decidedOn: "2025-04-02",
        requestedOn: "2024-07-01",
      }),
    ]);

    await ok("POST", `/v1/employees/${E}/subsidies/${subsidyId}/void`, {
      requestId: "sub-e2e-void",
      reasonCode: "VOID_REASON_DUPLICATE",
    });
    history = await ok("GET", `/v1/employees/${E}/training-history`);
    expect(history.subsidies).toEqual([]);
    expect(history.certifications).toEqual([expect.objectContaining({ examFeeSubsidised: false })]);
    const again = await rest("POST", `/v1/employees/${E}/subsidies/${subsidyId}/void`, {
      requestId: "sub-e2e-void-2",
      reasonCode: "VOID_REASON_DUPLICATE",
    });
    expect(again.status).toBe(422);
    expect(again.body.error.reason).toBe("SUBSIDY_VOIDED");

    const types = [
      "hr.training.v1.CertificationAcquired",
      "hr.training.v1.CertificationSubsidyRequested",
      "hr.training.v1.CertificationSubsidyDecided",
      "hr.training.v1.CertificationExamFeeSubsidisedChanged",
      "hr.training.v1.CertificationSubsidyCorrected",
      "hr.training.v1.CertificationSubsidyVoided",
      "hr.training.v1.CertificationExamFeeSubsidisedChanged",
    ];
    const events = await waitFor(async () => (eventsOf(E).length >= types.length ? eventsOf(E) : undefined), {
      what: "the subsidy's events on hr.training.v1",
      timeoutMs: 60_000,
    });
    expect(events.map((e) => e.type)).toEqual(types);
    const flags = events
      .filter((e) => e.type.endsWith("ExamFeeSubsidisedChanged"))
      .map((e) => trainingV1.CertificationExamFeeSubsidisedChanged.decode(e.value));
    expect(flags.map((f) => [f.certificationId, f.examFeeSubsidised])).toEqual([
      [certificationId, true],
      [certificationId, false],
    ]);
    const corrected = trainingV1.CertificationSubsidyCorrected.decode(events[4]?.value ?? Buffer.alloc(0));
    expect(corrected).toMatchObject({ effectiveDate: "2025-04-02", previousEffectiveDate: "2024-07-10" });
  });
});
