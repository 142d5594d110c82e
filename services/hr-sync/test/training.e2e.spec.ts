import { credentials, Metadata } from "@grpc/grpc-js";
import { type Role, signToken, startEventSourcedService } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skillsService } from "../../skills/src/skills.service";
import { trainingService } from "../../training/src/training.service";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Events produced by the real training service (started in-process, commands sent to its REST API)
 * become hr-sync's evaluation and rotation records: completions and hours, certifications and
 * subsidies, and the overseas programme's steps, each in the fiscal year of its effective date. The
 * real skills service makes the employee ICT staff, which the training service's eligibility needs.
 */
const ns = testNamespace();
const kit = { start: startEventSourcedService, sign: signToken };
const skills = serviceUnderTest(skillsService, ns, { ...kit, dbName: `${ns.dbName}_sk` });
const training = serviceUnderTest(trainingService, ns, { ...kit, dbName: `${ns.dbName}_tr` });
const sync = serviceUnderTest(hrSyncService, ns, { ...kit, dbName: `${ns.dbName}_sy` });
let client: syncV1.HrSyncServiceClient;

async function ok(service: typeof sync, method: string, path: string, body: unknown, roles: Role[]) {
  const reply = await service.rest(method, path, body, roles);
  expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBe(200);
  return reply.body;
}
const train = (method: string, path: string, body: unknown) =>
  ok(training, method, path, body, ["training-admin", "hr-admin"]);

async function evaluation(employeeId: string, fiscalYear: number): Promise<syncV1.EvaluationRecord> {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${await sync.token(["hr-core"])}`);
  return new Promise((resolve, reject) =>
    client.getEvaluationRecord({ employeeId, fiscalYear }, metadata, (error, reply) =>
      error ? reject(error) : resolve(reply.record!),
    ),
  );
}

async function rotationRecord(employeeId: string): Promise<syncV1.RotationRecord> {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${await sync.token(["hr-core"])}`);
  return new Promise((resolve, reject) =>
    client.getRotationRecord({ employeeId, asOf: "2025-03-31" }, metadata, (error, reply) =>
      error ? reject(error) : resolve(reply.record!),
    ),
  );
}

/** Waits until the record of that year satisfies `done` (records follow the topics asynchronously). */
const settled = (employeeId: string, fiscalYear: number, done: (r: syncV1.EvaluationRecord) => boolean) =>
  waitFor(
    async () => {
      const record = await evaluation(employeeId, fiscalYear);
      return done(record) ? record : undefined;
    },
    { what: `${employeeId}'s FY${fiscalYear} evaluation record`, timeoutMs: 120_000, intervalMs: 500 },
  );

beforeAll(() => {
  client = new syncV1.HrSyncServiceClient(sync.service.grpcAddress, credentials.createInsecure());
});

afterAll(() => client?.close());

const DESTINATION = {
  name: "City of Copenhagen",
  kind: "DESTINATION_KIND_GOVERNMENT_BODY",
  countryCode: "DK",
  city: "Copenhagen",
};
const SECOND_DESTINATION = {
  name: "Technical University of Denmark",
  kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
  countryCode: "DK",
  city: "Lyngby",
};

describe("records from the real training service's events", () => {
  const E = "HT0001";

  it("completions and hours, certifications and subsidies land in the fiscal year of their dates", async () => {
    const base = `/v1/employees/${E}`;
    await train("POST", `${base}/completions`, {
      requestId: "ht-c1",
      completedOn: "2024-05-20",
      courseId: "udemy-aws-cloud",
      hours: 12,
    });
    // Recorded in FY2025 by mistake, then corrected into FY2024: it moves year.
    const moved = await train("POST", `${base}/completions`, {
      requestId: "ht-c2",
      completedOn: "2025-04-10",
      courseId: "dx-basics",
      hours: 3,
    });
    await train("POST", `${base}/completions`, {
      requestId: "ht-c3",
      completedOn: "2025-06-01",
      courseId: "security-handson",
      hours: 2,
    });
    const voided = await train("POST", `${base}/completions`, {
      requestId: "ht-c4",
      completedOn: "2024-06-01",
      courseId: "udemy-python-data",
      hours: 8,
    });
    await train("POST", `${base}/completions/${voided.completionId}/void`, {
      requestId: "ht-c4-v",
      reasonCode: "VOID_REASON_WRONG_EMPLOYEE",
    });
    await train("POST", `${base}/completions/${moved.completionId}/corrections`, {
      requestId: "ht-c2-c",
      completedOn: "2025-03-25",
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
    });
    await train("POST", `${base}/certifications`, {
      requestId: "ht-cert",
      certificationCode: "IPA-SC",
      acquiredOn: "2024-06-01",
      proofReference: "SC-000777",
    });
    // Recorded by mistake and voided (before the subsidy below, on the same partition): it must not show.
    const mistaken = await train("POST", `${base}/certifications`, {
      requestId: "ht-cert-2",
      certificationCode: "IPA-AP",
      acquiredOn: "2024-07-01",
      proofReference: "AP-000123",
    });
    await train("POST", `${base}/certifications/${mistaken.certificationId}/void`, {
      requestId: "ht-cert-2-v",
      reasonCode: "VOID_REASON_WRONG_EMPLOYEE",
    });
    const subsidy = await train("POST", `${base}/subsidies`, {
      requestId: "ht-sub",
      certificationCode: "IPA-SC",
      examOn: "2024-04-21",
      kind: "SUBSIDY_KIND_EXAM_FEE",
      requestedAmountYen: 7500,
      requestedOn: "2024-03-01",
    });
    await train("POST", `${base}/subsidies/${subsidy.subsidyId}/decision`, {
      requestId: "ht-sub-d",
      approved: true,
      approvedAmountYen: 7500,
      decidedOn: "2024-06-10",
    });

    const fy2024 = await settled(
      E,
      2024,
      (r) => r.completionCount === 2 && r.certificationList.length === 1 && r.subsidies.length === 1,
    );
    expect(fy2024.completionList.map((c) => [c.courseId, c.completedOn, c.hours])).toEqual([
      ["udemy-aws-cloud", "2024-05-20", 12],
      ["dx-basics", "2025-03-25", 3],
    ]);
    expect(fy2024.trainingHours).toBe(15);
    expect(fy2024.certificationList).toMatchObject([
      { certificationCode: "IPA-SC", acquiredOn: "2024-06-01" },
    ]);
    expect(fy2024.subsidies).toMatchObject([{ amountYen: 7500, grantedOn: "2024-06-10" }]);
    // Every figure names the events behind it: the corrected completion both of its events.
    expect(fy2024.completionList[1]!.evidence.map((e) => e.eventType)).toEqual([
      "hr.training.v1.TrainingCompleted",
      "hr.training.v1.CompletionCorrected",
    ]);
    expect(fy2024.certificationList[0]!.evidence[0]).toMatchObject({
      eventType: "hr.training.v1.CertificationAcquired",
      effectiveDate: "2024-06-01",
    });
    expect(fy2024.subsidies[0]!.evidence.map((e) => e.eventType)).toContain(
      "hr.training.v1.CertificationSubsidyDecided",
    );

    // FY2025 keeps only what happened in it: the corrected completion has left it.
    const fy2025 = await settled(E, 2025, (r) => r.completionCount === 1);
    expect(fy2025.completionList.map((c) => c.courseId)).toEqual(["security-handson"]);
    expect(fy2025.trainingHours).toBe(2);
    expect(fy2025.certificationList).toEqual([]);

    // The rotation record lists the certification (not the voided one) and the employee page shows it.
    const rotation = await rotationRecord(E);
    // Its subsidy was approved after it was recorded: training links them and hr-sync follows the flag.
    expect(rotation.certifications).toMatchObject([
      {
        certificationCode: "IPA-SC",
        acquiredOn: "2024-06-01",
        examFeeSubsidised: true,
        evidence: [
          { eventType: "hr.training.v1.CertificationAcquired", effectiveDate: "2024-06-01" },
          { eventType: "hr.training.v1.CertificationExamFeeSubsidisedChanged", effectiveDate: "2024-06-01" },
        ],
      },
    ]);
    const page = await fetch(`${sync.service.httpUrl}/pages/employees/${E}`, {
      headers: { authorization: `Bearer ${await sync.token(["hr-core"])}` },
    });
    expect(page.status).toBe(200);
    const rows = (await page.text()).match(/<tr><td>資格<\/td>.*?<\/tr>/g);
    expect(rows).toEqual([expect.stringContaining("Registered Information Security Specialist（IPA-SC）")]);
    expect(rows![0]).toContain("令和6年6月1日（2024年）");
  });

  it("a subsidy corrected into the next fiscal year moves there, and a voided one leaves the records", async () => {
    const base = `/v1/employees/${E}`;
    const history = await train("GET", `${base}/training-history`, undefined);
    const subsidyId = history.subsidies[0].subsidyId as string;
    await train("POST", `${base}/subsidies/${subsidyId}/corrections`, {
      requestId: "ht-sub-c",
      decidedOn: "2025-04-02",
      approvedAmountYen: 5000,
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
    });
    const fy2025 = await settled(E, 2025, (r) => r.subsidies.length === 1);
    expect(fy2025.subsidies).toMatchObject([{ subsidyId, amountYen: 5000, grantedOn: "2025-04-02" }]);
    expect((await evaluation(E, 2024)).subsidies).toEqual([]);

    await train("POST", `${base}/subsidies/${subsidyId}/void`, {
      requestId: "ht-sub-v",
      reasonCode: "VOID_REASON_DUPLICATE",
    });
    await settled(E, 2025, (r) => r.subsidies.length === 0);
    const rotation = await waitFor(
      async () => {
        const r = await rotationRecord(E);
        return r.certifications[0]?.examFeeSubsidised === false ? r : undefined;
      },
      { what: "the certification unflagged", timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(rotation.certifications).toMatchObject([
      { certificationCode: "IPA-SC", examFeeSubsidised: false },
    ]);
  });

  it("the overseas programme's steps land in the evaluation record of each step's fiscal year", async () => {
    const T = "HT0002";
    await ok(
      skills,
      "POST",
      `/v1/employees/${T}/job-type-changes`,
      {
        requestId: "ht2-hire",
        toJobType: "ICT",
        effectiveDate: "2022-04-01",
        basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
      },
      ["hr-core"],
    );
    // Eligibility (second year as ICT staff) is what training learns from hr.skills.v1.
    await waitFor(
      async () => {
        const e = await train(
          "GET",
          `/v1/employees/${T}/overseas-training-eligibility?on=2024-04-20`,
          undefined,
        );
        return e.eligible ? true : undefined;
      },
      { what: `${T}'s job type consumed by training`, timeoutMs: 120_000, intervalMs: 500 },
    );
    await train("PUT", "/v1/programme-years", {
      requestId: "ht-fy2024",
      programmeYear: {
        fiscalYear: 2024,
        capacity: 6,
        applicationOpensOn: "2024-04-01",
        applicationClosesOn: "2024-05-31",
      },
    });
    const { applicationId } = await train("POST", "/v1/overseas-trainings", {
      requestId: "ht2-apply",
      employeeId: T,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      learningGoals: ["How Copenhagen runs its digital services"],
      candidateDestinations: [DESTINATION, SECOND_DESTINATION],
      theme: "User-centred digital services",
      kind: "APPLICATION_KIND_INDIVIDUAL",
    });
    const at = (path: string, body: object) =>
      train("POST", `/v1/overseas-trainings/${applicationId}/${path}`, body);
    await at("screening", {
      requestId: "ht2-s",
      screenedOn: "2024-06-10",
      planScore: 85,
      englishScore: 70,
      passed: true,
      screenedBy: ["Digital HR Strategy Section"],
    });
    await at("selection", { requestId: "ht2-sel", selectedOn: "2024-06-20" });
    await at("appointments", {
      requestId: "ht2-ap",
      confirmedOn: "2024-08-01",
      destination: DESTINATION,
      visitOn: "2024-10-07",
    });
    await at("certification", {
      requestId: "ht2-cert",
      certifiedOn: "2024-08-20",
      plannedDepartureOn: "2024-10-05",
      plannedReturnOn: "2024-10-26",
    });
    await at("departure", { requestId: "ht2-dep", departedOn: "2024-10-05" });
    await at("return", { requestId: "ht2-ret", returnedOn: "2024-10-26" });
    await at("report", { requestId: "ht2-rep", submittedOn: "2025-03-20" });
    // Presented at the report meeting after the fiscal year ended: that step counts in FY2025.
    await at("report-presentation", { requestId: "ht2-pres", presentedOn: "2025-04-15" });

    const fy2024 = await settled(T, 2024, (r) => r.overseasTrainingSteps.length >= 8);
    expect(fy2024.overseasTrainingSteps.map((s) => [s.step, s.reachedOn])).toEqual([
      ["APPLIED", "2024-04-20"],
      ["SCREENED", "2024-06-10"],
      ["CANDIDATE_SELECTED", "2024-06-20"],
      ["APPOINTMENT_CONFIRMED", "2024-08-01"],
      ["TRAINEE_CERTIFIED", "2024-08-20"],
      ["DEPARTED", "2024-10-05"],
      ["RETURNED", "2024-10-26"],
      ["REPORT_SUBMITTED", "2025-03-20"],
    ]);
    expect(fy2024.overseasTrainingSteps.every((s) => s.applicationId === applicationId)).toBe(true);
    expect(fy2024.overseasTrainingSteps[0]!.evidence[0]!.eventType).toBe(
      "hr.training.v1.OverseasTrainingApplied",
    );
    const fy2025 = await settled(T, 2025, (r) => r.overseasTrainingSteps.length > 0);
    expect(fy2025.overseasTrainingSteps.map((s) => [s.step, s.reachedOn])).toEqual([
      ["COMPLETED", "2025-04-15"],
    ]);
  });
});
