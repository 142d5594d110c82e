import { randomUUID } from "node:crypto";
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { addDays, headerStrings, todayInJapan } from "@hr/kit";
import { TRAINING_LIMITS, trainingV1 } from "@hr/proto";
import { collectTopic, refusesBadIdsAndDates, testNamespace, waitFor } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStream } from "../src/application/training-record.handlers";
import { OVERSEAS_TRAINING_EVENT_TYPES, TRAINING_RECORD_EVENT_TYPES } from "../src/domain";
import { COPENHAGEN, DTU, trainingWithSkills } from "./fixtures";

/**
 * services/training over its real APIs (REST, gRPC, xAPI) against the run's real broker and store, with
 * the real skills service beside it publishing hr.skills.v1 (the job types eligibility depends on).
 */
const ns = testNamespace();
const { skills, training } = trainingWithSkills(ns);
const { rest, token } = training;
const published = collectTopic(ns.topic("hr.training.v1"), ns);

async function ok(method: string, path: string, body?: unknown) {
  const reply = await rest(method, path, body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

/** A gRPC client of the service and the metadata of a training-admin call (close the client after). */
async function adminClient() {
  const client = new trainingV1.TrainingServiceClient(
    training.service.grpcAddress,
    credentials.createInsecure(),
  );
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${await token(["training-admin"])}`);
  return { client, metadata };
}

const typesOf = (employeeId: string) =>
  published.filter((m) => m.key?.toString() === employeeId).map((m) => headerStrings(m.headers).ce_type);

/** Hires the employee into a job type through the skills service's API. */
async function hire(employeeId: string, jobType: string, on: string) {
  const reply = await skills.rest(
    "POST",
    `/v1/employees/${employeeId}/job-type-changes`,
    {
      requestId: `hire-${employeeId}`,
      toJobType: jobType,
      effectiveDate: on,
      basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
    },
    ["hr-core"],
  );
  expect(reply.status).toBe(200);
  return reply.body.changeId as string;
}

const eligibility = async (employeeId: string, on: string) =>
  (await ok("GET", `/v1/employees/${employeeId}/overseas-training-eligibility?on=${on}`)) as {
    eligible: boolean;
    reason: string;
    jobType?: string;
  };

/** The employees hired as ICT staff in April 2022 (eligible in FY2024, once learnt), and FY2024 configured. */
async function ictStaffInFY2024(...employeeIds: string[]) {
  await Promise.all(employeeIds.map((id) => hire(id, "ICT", "2022-04-01")));
  for (const id of employeeIds) {
    await waitFor(async () => ((await eligibility(id, "2024-04-20")).eligible ? true : undefined), {
      what: `${id}'s job type consumed`,
      timeoutMs: 60_000,
      intervalMs: 300,
    });
  }
  await ok("PUT", "/v1/programme-years", {
    requestId: "fy2024",
    programmeYear: {
      fiscalYear: 2024,
      capacity: 6,
      applicationOpensOn: "2024-04-01",
      applicationClosesOn: "2024-05-31",
    },
  });
}

async function applyFor(
  employeeId: string,
  requestId: string,
  groupMemberIds: string[] = [],
  fiscalYear = 2024,
) {
  return ok("POST", "/v1/overseas-trainings", {
    requestId,
    employeeId,
    appliedOn: "2024-04-20",
    fiscalYear,
    learningGoals: ["How Copenhagen runs its digital services"],
    candidateDestinations: [COPENHAGEN, DTU],
    theme: "User-centred digital services",
    kind: groupMemberIds.length ? "APPLICATION_KIND_GROUP" : "APPLICATION_KIND_INDIVIDUAL",
    groupMemberIds,
  });
}

describe("eligibility follows hr.skills.v1", () => {
  it("learns a JobTypeChanged from the skills service, and follows its correction", async () => {
    const changeId = await hire("T100", "ICT", "2023-04-01");
    const learnt = await waitFor(
      async () => {
        const e = await eligibility("T100", "2024-06-01");
        return e.jobType ? e : undefined;
      },
      { what: "T100's job type consumed from hr.skills.v1", timeoutMs: 60_000, intervalMs: 300 },
    );
    expect(learnt).toMatchObject({ eligible: true, jobType: "ICT", fiscalYearAsIct: 2 });
    expect(await eligibility("T100", "2024-03-31")).toMatchObject({
      eligible: false,
      reason: "FIRST_FISCAL_YEAR_AS_ICT",
    });

    const corrected = await skills.rest(
      "POST",
      `/v1/employees/T100/job-type-changes/${changeId}/corrections`,
      {
        requestId: "t100-corr",
        effectiveDate: "2024-04-01",
        reason: "hired a year later than recorded",
      },
      ["hr-core"],
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    await waitFor(async () => ((await eligibility("T100", "2024-06-01")).eligible ? undefined : true), {
      what: "the correction consumed from hr.skills.v1",
      timeoutMs: 60_000,
      intervalMs: 300,
    });
    expect(await eligibility("T100", "2024-06-01")).toMatchObject({
      eligible: false,
      reason: "FIRST_FISCAL_YEAR_AS_ICT",
    });
  });
});

describe("one nominee per unit (DX training)", () => {
  const nominate = (employeeId: string, requestId: string, unitCode: string, courseId = "dx-basics") =>
    rest("POST", `/v1/employees/${employeeId}/nominations`, {
      requestId,
      courseId,
      fiscalYear: 2024,
      unitCode,
      nominatedOn: "2024-04-05",
    });

  it("takes one of two concurrent nominees of a section, frees the place when the nomination is cancelled", async () => {
    const [a, b] = await Promise.all([
      nominate("T500", "dx-a", "DSB-DX"),
      nominate("T501", "dx-b", "DSB-DX"),
    ]);
    const statuses = [a.status, b.status].sort();
    // The loser is refused by the rule, or told to retry while the winner's nomination is being recorded.
    expect(statuses[0]).toBe(200);
    expect([409, 422]).toContain(statuses[1]);
    const [winner, loser] = a.status === 200 ? (["T500", "T501"] as const) : (["T501", "T500"] as const);
    const won = a.status === 200 ? a : b;
    const retry = await nominate(loser, `dx-${loser}-again`, "DSB-DX");
    expect(retry.status).toBe(422);
    expect(retry.body.error.reason).toBe("UNIT_ALREADY_HAS_NOMINEE");

    // Another section, and a course without the rule, take their own nominees.
    expect((await nominate(loser, "dx-other-unit", "DSB-DATA")).status).toBe(200);
    expect((await nominate(loser, "pm-same-unit", "DSB-DX", "agile-pm")).status).toBe(200);

    await ok("POST", `/v1/employees/${winner}/nominations/${won.body.nominationId}/cancel`, {
      requestId: `dx-${winner}-cancel`,
      reasonCode: "NOMINATION_CANCEL_REASON_REPLACED",
      cancelledOn: "2024-04-06",
    });
    const replacement = await nominate("T502", "dx-replacement", "DSB-DX");
    expect(replacement.status).toBe(200);
    expect((await nominate(winner, "dx-back", "DSB-DX")).body.error.reason).toBe("UNIT_ALREADY_HAS_NOMINEE");
  });
});

describe("the course report", () => {
  it("counts every completion and survey of many employees recorded at once", async () => {
    const staff = Array.from({ length: 12 }, (_, i) => `T6${String(i).padStart(2, "0")}`);
    await Promise.all(
      staff.map(async (employeeId) => {
        await ok("POST", `/v1/employees/${employeeId}/surveys`, {
          requestId: randomUUID(),
          courseId: "security-handson",
          phase: "SURVEY_PHASE_PRE",
          answeredOn: "2024-06-01",
          answers: [{ itemId: "threats", kind: "SURVEY_ITEM_KIND_KNOWLEDGE", score: 2 }],
        });
        await ok("POST", `/v1/employees/${employeeId}/completions`, {
          requestId: randomUUID(),
          completedOn: "2024-06-10",
          courseId: "security-handson",
        });
        await ok("POST", `/v1/employees/${employeeId}/surveys`, {
          requestId: randomUUID(),
          courseId: "security-handson",
          phase: "SURVEY_PHASE_POST",
          answeredOn: "2024-06-20",
          answers: [{ itemId: "threats", kind: "SURVEY_ITEM_KIND_KNOWLEDGE", score: 5 }],
        });
      }),
    );
    const report = await waitFor(
      async () => {
        const r = await ok("GET", "/v1/courses/security-handson/report?fiscalYear=2024");
        return r.completions === staff.length && r.surveyEffect[0]?.respondents === staff.length
          ? r
          : undefined;
      },
      { what: "every completion and survey in the course report", timeoutMs: 30_000 },
    );
    expect(report).toEqual({
      courseId: "security-handson",
      completions: 12,
      employeeIds: staff,
      surveyEffect: [
        {
          itemId: "threats",
          kind: "SURVEY_ITEM_KIND_KNOWLEDGE",
          preMean: 2,
          postMean: 5,
          change: 3,
          respondents: 12,
        },
      ],
    });
  });
});

describe("the programme's rules (issue 18 item 7)", () => {
  it("takes one destination with a warning, needs passed at screening, refuses a step dated after today", async () => {
    const E = "T700";
    await ictStaffInFY2024(E, "T701");
    const applied = await ok("POST", "/v1/overseas-trainings", {
      requestId: "one-dest",
      employeeId: E,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      learningGoals: ["How Copenhagen runs its digital services"],
      candidateDestinations: [COPENHAGEN],
      theme: "User-centred digital services",
      kind: "APPLICATION_KIND_INDIVIDUAL",
    });
    expect(applied, JSON.stringify(applied)).toMatchObject({
      planWarnings: ["PLAN_WARNING_ONE_DESTINATION"],
    });
    const app = applied.applicationId as string;
    expect((await ok("GET", `/v1/overseas-trainings/${app}`)).application.candidateDestinations).toEqual([
      COPENHAGEN,
    ]);

    const screening = { screenedOn: "2024-06-10", planScore: 80, englishScore: 70, screenedBy: ["HR"] };
    const unstated = await rest("POST", `/v1/overseas-trainings/${app}/screening`, {
      requestId: "no-passed",
      ...screening,
    });
    expect(unstated.status).toBe(400);
    expect(unstated.body.error.violations.map((v: { field: string }) => v.field)).toEqual(["passed"]);
    const { client, metadata } = await adminClient();
    const error = await new Promise<ServiceError>((resolve) =>
      client.recordScreening(
        trainingV1.RecordScreeningRequest.fromPartial({
          requestId: "no-passed-grpc",
          applicationId: app,
          ...screening,
        }),
        metadata,
        (e) => resolve(e as ServiceError),
      ),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain("passed");
    const viaGrpc = await new Promise<trainingV1.ApplyOverseasTrainingResponse>((resolve, reject) =>
      client.applyOverseasTraining(
        trainingV1.ApplyOverseasTrainingRequest.fromPartial({
          requestId: "one-dest-grpc",
          employeeId: "T701",
          appliedOn: "2024-04-21",
          fiscalYear: 2024,
          learningGoals: ["Digital services"],
          candidateDestinations: [{ ...COPENHAGEN, kind: trainingV1.DestinationKind.GOVERNMENT_BODY }],
          theme: "Digital services",
          kind: trainingV1.ApplicationKind.INDIVIDUAL,
        }),
        metadata,
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
    client.close();
    expect(viaGrpc.planWarnings).toEqual([trainingV1.PlanWarning.ONE_DESTINATION]);

    const tomorrow = addDays(todayInJapan(), 1);
    const future = await rest("POST", `/v1/overseas-trainings/${app}/screening`, {
      requestId: "future",
      ...screening,
      screenedOn: tomorrow,
      passed: true,
    });
    expect(future.status).toBe(422);
    expect(future.body.error.reason).toBe("DATE_IN_FUTURE");
    // Nothing of the refused steps was recorded: the application is still at its first step.
    expect((await ok("GET", `/v1/overseas-trainings/${app}`)).application.step).toBe(
      "OVERSEAS_TRAINING_STEP_APPLIED",
    );
    const screened = await ok("POST", `/v1/overseas-trainings/${app}/screening`, {
      requestId: "passed",
      ...screening,
      passed: true,
    });
    expect(screened.step).toBe("OVERSEAS_TRAINING_STEP_SCREENED");
  });
});

describe("one application per employee and year (issue 18 item 7)", () => {
  it("takes one of concurrent applications, replays a retry, refuses a confirmation into a second one, frees on withdrawal", async () => {
    await ictStaffInFY2024("T710", "T711");
    const apply = (employeeId: string, requestId: string, members: string[] = []) =>
      rest("POST", "/v1/overseas-trainings", {
        requestId,
        employeeId,
        appliedOn: "2024-04-20",
        fiscalYear: 2024,
        learningGoals: ["How Copenhagen runs its digital services"],
        candidateDestinations: [COPENHAGEN, DTU],
        theme: "User-centred digital services",
        kind: members.length ? "APPLICATION_KIND_GROUP" : "APPLICATION_KIND_INDIVIDUAL",
        groupMemberIds: members,
      });
    const racers = await Promise.all(["r1", "r2", "r3", "r4"].map((id) => apply("T710", `one-${id}`)));
    const won = racers.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const lost of racers.filter((r) => r.status !== 200)) {
      expect([422, 409]).toContain(lost.status);
      if (lost.status === 422) expect(lost.body.error.reason).toBe("ALREADY_APPLIED_IN_YEAR");
    }
    const winner = won[0]!.body.applicationId as string;
    const winnerRequest = `one-r${racers.findIndex((r) => r.status === 200) + 1}`;
    const retried = await apply("T710", winnerRequest);
    expect(retried.status).toBe(200);
    expect(retried.body.applicationId).toBe(winner);
    expect((await apply("T710", "one-again")).body.error.reason).toBe("ALREADY_APPLIED_IN_YEAR");
    // T711 may invite T710, who cannot take part in a second application of the year by confirming.
    const group = await apply("T711", "one-group", ["T710"]);
    expect(group.status).toBe(200);
    const confirm = (requestId: string) =>
      rest("POST", `/v1/overseas-trainings/${group.body.applicationId}/member-confirmations`, {
        requestId,
        employeeId: "T710",
        confirmedOn: "2024-04-25",
      });
    const refused = await confirm("one-confirm");
    expect(refused.status).toBe(422);
    expect(refused.body.error.reason).toBe("ALREADY_APPLIED_IN_YEAR");
    // Withdrawing frees the year: then T710 confirms, and that is T710's one application of the year.
    await ok("POST", `/v1/overseas-trainings/${winner}/withdrawal`, {
      requestId: "one-w",
      withdrawnOn: "2024-05-01",
      reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
    });
    expect((await confirm("one-confirm-after-withdrawal")).status).toBe(200);
    expect((await apply("T710", "one-after-withdrawal")).body.error.reason).toBe("ALREADY_APPLIED_IN_YEAR");
  });
});

describe("a group application's members confirm (issue 18 item 7)", () => {
  it("publishes nothing about an invited colleague until they confirm, by their own call", async () => {
    await ictStaffInFY2024("T720", "T721", "T722");
    const app = (await applyFor("T720", "grp", ["T721", "T722"])).applicationId as string;
    const at = `/v1/overseas-trainings/${app}`;
    expect((await ok("GET", at)).application).toMatchObject({
      applicantEmployeeIds: ["T720"],
      pendingMemberIds: ["T721", "T722"],
    });
    // A colleague cannot confirm for another; the member confirms with their own token.
    const forAnother = await rest(
      "POST",
      `${at}/member-confirmations`,
      { requestId: "grp-c0", employeeId: "T721", confirmedOn: "2024-04-22" },
      ["employee"],
      "T722",
    );
    expect(forAnother.status).toBe(403);
    const confirmed = await rest(
      "POST",
      `${at}/member-confirmations`,
      { requestId: "grp-c1", employeeId: "T721", confirmedOn: "2024-04-22" },
      ["employee"],
      "T721",
    );
    expect(confirmed.status).toBe(200);
    const notInvited = await rest("POST", `${at}/member-confirmations`, {
      requestId: "grp-c2",
      employeeId: "T799",
      confirmedOn: "2024-04-22",
    });
    expect(notInvited.status).toBe(422);
    expect(notInvited.body.error.reason).toBe("NOT_INVITED");
    await ok("POST", `${at}/screening`, {
      requestId: "grp-s",
      screenedOn: "2024-06-10",
      passed: true,
      screenedBy: ["Digital HR Strategy Section"],
    });
    expect((await ok("GET", at)).application).toMatchObject({
      applicantEmployeeIds: ["T720", "T721"],
      pendingMemberIds: [],
    });
    await waitFor(async () => (typesOf("T721").length >= 2 ? true : undefined), {
      what: "T721's events",
      timeoutMs: 30_000,
    });
    expect(typesOf("T720")).toEqual([
      "hr.training.v1.OverseasTrainingApplied",
      "hr.training.v1.OverseasTrainingScreened",
    ]);
    expect(typesOf("T721")).toEqual([
      "hr.training.v1.OverseasTrainingApplied",
      "hr.training.v1.OverseasTrainingScreened",
    ]);
    // T722 never confirmed: not one event about them.
    expect(typesOf("T722")).toEqual([]);
  });
});

describe("the programme year's capacity", () => {
  it("lets no more concurrent selections land than there are places", async () => {
    const applicants = ["T600", "T601"];
    await Promise.all(applicants.map((id) => hire(id, "ICT", "2022-04-01")));
    await waitFor(async () => ((await eligibility("T601", "2024-04-20")).eligible ? true : undefined), {
      what: "T600-T601's job types consumed",
      timeoutMs: 60_000,
    });
    // A year of one place, whose applications were taken in April 2024 (a window may close before its year).
    await ok("PUT", "/v1/programme-years", {
      requestId: "fy2027",
      programmeYear: {
        fiscalYear: 2027,
        capacity: 1,
        applicationOpensOn: "2024-04-01",
        applicationClosesOn: "2024-05-31",
      },
    });
    const apps: string[] = [];
    for (const id of applicants) {
      const app = (await applyFor(id, `cap-${id}`, [], 2027)).applicationId as string;
      await ok("POST", `/v1/overseas-trainings/${app}/screening`, {
        requestId: `cap-${id}-s`,
        screenedOn: "2024-06-10",
        planScore: 80,
        englishScore: 70,
        passed: true,
        screenedBy: ["Digital HR Strategy Section"],
      });
      apps.push(app);
    }
    const select = (app: string, requestId: string) =>
      rest("POST", `/v1/overseas-trainings/${app}/selection`, { requestId, selectedOn: "2024-06-20" });
    const replies = await Promise.all(apps.map((app, i) => select(app, `cap-sel-${i}`)));
    const statuses = replies.map((r) => r.status).sort();
    // The other is refused by the capacity, or told to retry while the first selection is being recorded.
    expect(statuses[0]).toBe(200);
    expect([409, 422]).toContain(statuses[1]);
    const loser = replies[0]?.status === 200 ? 1 : 0;
    const retry = await select(apps[loser] as string, "cap-sel-again");
    expect(retry.status).toBe(422);
    expect(retry.body.error.reason).toBe("REJECTION_REASON_CAPACITY_REACHED");
    expect(await ok("GET", "/v1/programme-years/2027")).toMatchObject({ placesTaken: 1, placesLeft: 0 });
  });
});

describe("every event type on hr.training.v1", () => {
  it("publishes each as a CloudEvent keyed by the employee, whose value decodes to its ce_type", async () => {
    const E = "T200";
    // Training record.
    const nominated = await ok("POST", `/v1/employees/${E}/nominations`, {
      requestId: "n1",
      courseId: "dx-basics",
      fiscalYear: 2024,
      unitCode: "DSB-GA",
      nominatedOn: "2024-04-05",
    });
    await ok("POST", `/v1/employees/${E}/nominations/${nominated.nominationId}/cancel`, {
      requestId: "n1-c",
      reasonCode: "NOMINATION_CANCEL_REASON_DECLINED",
      cancelledOn: "2024-04-08",
    });
    const completed = await ok("POST", `/v1/employees/${E}/completions`, {
      requestId: "c1",
      completedOn: "2024-05-20",
      courseId: "udemy-aws-cloud",
      hours: 12,
      score: 80,
    });
    await ok("POST", `/v1/employees/${E}/completions/${completed.completionId}/corrections`, {
      requestId: "c1-c",
      completedOn: "2024-05-21",
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
      note: "exported a day early",
    });
    await ok("POST", `/v1/employees/${E}/completions/${completed.completionId}/void`, {
      requestId: "c1-v",
      reasonCode: "VOID_REASON_WRONG_EMPLOYEE",
      note: "it was a colleague",
    });
    await ok("POST", `/v1/employees/${E}/surveys`, {
      requestId: "s1",
      courseId: "udemy-aws-cloud",
      phase: "SURVEY_PHASE_PRE",
      answeredOn: "2024-05-01",
      answers: [{ itemId: "cloud-awareness", kind: "SURVEY_ITEM_KIND_AWARENESS", score: 2 }],
    });
    const cert = await ok("POST", `/v1/employees/${E}/certifications`, {
      requestId: "cert1",
      certificationCode: "IPA-SC",
      acquiredOn: "2024-06-01",
      proofReference: "SC-000123",
    });
    await ok("POST", `/v1/employees/${E}/certifications/${cert.certificationId}/void`, {
      requestId: "cert1-v",
      reasonCode: "VOID_REASON_DUPLICATE",
    });
    const subsidy = await ok("POST", `/v1/employees/${E}/subsidies`, {
      requestId: "sub1",
      certificationCode: "IPA-AP",
      examOn: "2024-10-13",
      kind: "SUBSIDY_KIND_EXAM_FEE",
      requestedAmountYen: 7500,
      requestedOn: "2024-08-01",
    });
    await ok("POST", `/v1/employees/${E}/subsidies/${subsidy.subsidyId}/decision`, {
      requestId: "sub1-d",
      approved: true,
      approvedAmountYen: 7500,
      decidedOn: "2024-08-10",
    });
    // Its certification, recorded after the approval, then the approval corrected into a refusal (which
    // unflags it: CertificationExamFeeSubsidisedChanged), then the subsidy voided.
    await ok("POST", `/v1/employees/${E}/certifications`, {
      requestId: "cert2",
      certificationCode: "IPA-AP",
      acquiredOn: "2024-11-20",
      examOn: "2024-10-13",
    });
    await ok("POST", `/v1/employees/${E}/subsidies/${subsidy.subsidyId}/corrections`, {
      requestId: "sub1-c",
      approved: false,
      refusalReason: "SUBSIDY_REFUSAL_REASON_MISSING_PROOF",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      note: "receipt never came",
    });
    await ok("POST", `/v1/employees/${E}/subsidies/${subsidy.subsidyId}/void`, {
      requestId: "sub1-v",
      reasonCode: "VOID_REASON_DUPLICATE",
    });

    // The programme: one application through every step, one withdrawn, one rejected.
    await ictStaffInFY2024("T201", "T202", "T203");
    const app = (await applyFor("T201", "a1")).applicationId;
    const at = (path: string) => `/v1/overseas-trainings/${app}/${path}`;
    await ok("POST", at("screening"), {
      requestId: "a1-s",
      screenedOn: "2024-06-10",
      planScore: 85,
      englishScore: 70,
      passed: true,
      screenedBy: ["Digital HR Strategy Section"],
    });
    expect(
      await ok("POST", at("selection"), {
        requestId: "a1-sel",
        selectedOn: "2024-06-20",
        feedback: "narrow the goals",
      }),
    ).toMatchObject({ placesLeft: 5 });
    await ok("POST", at("plan-refinements"), {
      requestId: "a1-r",
      refinedOn: "2024-07-01",
      learningGoals: ["Service design at city scale"],
      candidateDestinations: [COPENHAGEN, DTU],
    });
    await ok("POST", at("appointments"), {
      requestId: "a1-ap",
      confirmedOn: "2024-08-01",
      destination: COPENHAGEN,
      visitOn: "2024-10-07",
    });
    // The appointment's visit day was entered wrong: corrected, as its confirmation was checked.
    await ok("POST", at("step-corrections"), {
      requestId: "a1-ap-fix",
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      appointmentNumber: 1,
      correctedOn: "2024-08-01",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      visitOn: "2024-10-08",
    });
    expect((await ok("GET", `/v1/overseas-trainings/${app}`)).application.appointments).toEqual([
      { destination: COPENHAGEN, visitOn: "2024-10-08", confirmedOn: "2024-08-01" },
    ]);
    await ok("POST", at("certification"), {
      requestId: "a1-cert",
      certifiedOn: "2024-08-20",
      plannedDepartureOn: "2024-10-05",
      plannedReturnOn: "2024-10-26",
      interpreterSupport: true,
    });
    await ok("POST", at("departure"), { requestId: "a1-dep", departedOn: "2024-10-05" });
    expect(await ok("POST", at("return"), { requestId: "a1-ret", returnedOn: "2024-10-26" })).toMatchObject({
      reportDueOn: "2024-12-26",
    });
    expect((await ok("GET", "/v1/overdue-reports?asOf=2025-01-05")).reports).toEqual([
      expect.objectContaining({ applicationId: app, employeeIds: ["T201"], daysOverdue: 10 }),
    ]);
    // The return was recorded wrong: corrected, the report falls due from the right date, and is not
    // overdue on 5 January any more; a step before the departure is refused naming it.
    expect(
      await ok("POST", at("step-corrections"), {
        requestId: "a1-ret-fix",
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        correctedOn: "2024-11-10",
        reasonCode: "CORRECTION_REASON_WRONG_DATE",
      }),
    ).toMatchObject({ step: "OVERSEAS_TRAINING_STEP_RETURNED", reportDueOn: "2025-01-10" });
    expect((await ok("GET", "/v1/overdue-reports?asOf=2025-01-05")).reports).toEqual([]);
    // The application shows the step's history: the correction, from which date to which.
    expect((await ok("GET", `/v1/overseas-trainings/${app}`)).application.stepHistory).toContainEqual(
      expect.objectContaining({
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        voided: false,
        effectiveDate: "2024-11-10",
        previousEffectiveDate: "2024-10-26",
        correctionReason: "CORRECTION_REASON_WRONG_DATE",
      }),
    );
    expect((await ok("GET", "/v1/overdue-reports?asOf=2025-01-12")).reports).toEqual([
      expect.objectContaining({ applicationId: app, daysOverdue: 2 }),
    ]);
    const early = await rest("POST", at("step-corrections"), {
      requestId: "a1-ret-fix2",
      step: "OVERSEAS_TRAINING_STEP_RETURNED",
      correctedOn: "2024-10-01",
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
    });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ reason: "DATE_BEFORE_PREVIOUS_STEP" });
    const notLatest = await rest("POST", at("step-voidings"), {
      requestId: "a1-dep-void",
      step: "OVERSEAS_TRAINING_STEP_DEPARTED",
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
    });
    expect(notLatest.status).toBe(422);
    expect(notLatest.body.error).toMatchObject({ reason: "LATER_STEPS_RECORDED" });
    // The certification stands on the appointment: voiding it is refused naming the certification.
    const appointmentVoid = await rest("POST", at("step-voidings"), {
      requestId: "a1-ap-void",
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      appointmentNumber: 1,
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
    });
    expect(appointmentVoid.status).toBe(422);
    expect(appointmentVoid.body.error).toMatchObject({ reason: "LATER_STEPS_RECORDED" });
    expect(appointmentVoid.body.error.message).toContain("OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED");
    // What a step records, corrected besides its date: the refined plan's destinations (one: a warning)
    // and goals; the screening's scores (passed required); a value of another step is refused naming it.
    expect(
      await ok("POST", at("step-corrections"), {
        requestId: "a1-plan-fix",
        step: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        correctedOn: "2024-07-01",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        candidateDestinations: [DTU],
        learningGoals: ["Service design for a whole region"],
        note: "goals copied from the wrong draft",
      }),
    ).toMatchObject({ planWarnings: ["PLAN_WARNING_ONE_DESTINATION"] });
    await ok("POST", at("step-corrections"), {
      requestId: "a1-scr-fix",
      step: "OVERSEAS_TRAINING_STEP_SCREENED",
      correctedOn: "2024-06-10",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      screening: { planScore: 88, englishScore: 72, passed: true, screenedBy: ["GovTech Tokyo"] },
    });
    expect((await ok("GET", `/v1/overseas-trainings/${app}`)).application).toMatchObject({
      candidateDestinations: [DTU],
      learningGoals: ["Service design for a whole region"],
      screening: { planScore: 88, englishScore: 72, passed: true, screenedOn: "2024-06-10" },
    });
    const noPassed = await rest("POST", at("step-corrections"), {
      requestId: "a1-scr-fix2",
      step: "OVERSEAS_TRAINING_STEP_SCREENED",
      correctedOn: "2024-06-10",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      screening: { planScore: 88, screenedBy: ["GovTech Tokyo"] },
    });
    expect(noPassed.status).toBe(400);
    expect(JSON.stringify(noPassed.body)).toContain("screening.passed");
    const foreign = await rest("POST", at("step-corrections"), {
      requestId: "a1-ret-theme",
      step: "OVERSEAS_TRAINING_STEP_RETURNED",
      correctedOn: "2024-11-10",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      theme: "Another theme",
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error).toMatchObject({ reason: "NOT_RECORDED_BY_STEP" });
    expect(foreign.body.error.message).toContain("theme");
    await ok("POST", at("report"), { requestId: "a1-rep", submittedOn: "2024-12-20" });
    await ok("POST", at("report-presentation"), { requestId: "a1-pres", presentedOn: "2025-01-30" });
    await ok("POST", at("report-publication"), {
      requestId: "a1-pub",
      publishedOn: "2025-02-10",
      channels: ["PUBLICATION_CHANNEL_BUREAU_WEBSITE"],
    });
    // The host was entered wrong: corrected after the report meeting too, the destinations with it.
    await ok("POST", at("step-corrections"), {
      requestId: "a1-ap-host",
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      appointmentNumber: 1,
      correctedOn: "2024-08-01",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      destination: DTU,
    });
    const a1 = (await ok("GET", `/v1/overseas-trainings/${app}`)).application;
    expect(a1.appointments).toEqual([{ destination: DTU, visitOn: "2024-10-08", confirmedOn: "2024-08-01" }]);
    // Its history: each step as first recorded, then its corrections, each with the events behind it.
    const entries = a1.stepHistory as {
      step: string;
      action: string;
      evidence: { eventId: string; eventType: string; effectiveDate: string }[];
    }[];
    expect(entries.slice(0, 2)).toEqual([
      expect.objectContaining({
        step: "OVERSEAS_TRAINING_STEP_APPLIED",
        action: "STEP_HISTORY_ACTION_RECORDED",
        evidence: [expect.objectContaining({ eventType: "hr.training.v1.OverseasTrainingApplied" })],
      }),
      expect.objectContaining({
        step: "OVERSEAS_TRAINING_STEP_SCREENED",
        action: "STEP_HISTORY_ACTION_RECORDED",
      }),
    ]);
    expect(entries.map((e) => `${e.action.replace("STEP_HISTORY_ACTION_", "")} ${e.step}`)).toEqual(
      [
        "RECORDED APPLIED",
        "RECORDED SCREENED",
        "RECORDED CANDIDATE_SELECTED",
        "RECORDED PLAN_REFINED",
        "RECORDED APPOINTMENT_CONFIRMED",
        "CORRECTED APPOINTMENT_CONFIRMED",
        "RECORDED TRAINEE_CERTIFIED",
        "RECORDED DEPARTED",
        "RECORDED RETURNED",
        "CORRECTED RETURNED",
        "CORRECTED PLAN_REFINED",
        "CORRECTED SCREENED",
        "RECORDED REPORT_SUBMITTED",
        "RECORDED REPORT_PRESENTED",
        "RECORDED REPORT_PUBLISHED",
        "CORRECTED APPOINTMENT_CONFIRMED",
      ].map((e) => e.replace(" ", " OVERSEAS_TRAINING_STEP_")),
    );
    const withdrawn = (await applyFor("T202", "a2")).applicationId;
    await ok("POST", `/v1/overseas-trainings/${withdrawn}/withdrawal`, {
      requestId: "a2-w",
      withdrawnOn: "2024-05-01",
      reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
      note: "busy season",
    });
    const rejected = (await applyFor("T203", "a3")).applicationId;
    await ok("POST", `/v1/overseas-trainings/${rejected}/rejection`, {
      requestId: "a3-r",
      rejectedOn: "2024-05-02",
      reasonCode: "REJECTION_REASON_TRAVEL_NOT_POSSIBLE",
    });
    // The rejection was recorded in error: voided, the application is back at its application.
    expect(
      await ok("POST", `/v1/overseas-trainings/${rejected}/step-voidings`, {
        requestId: "a3-r-void",
        step: "OVERSEAS_TRAINING_STEP_REJECTED",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      }),
    ).toMatchObject({ step: "OVERSEAS_TRAINING_STEP_APPLIED" });
    expect(await ok("GET", "/v1/programme-years/2024")).toMatchObject({ placesTaken: 1, placesLeft: 5 });

    const expected = [...TRAINING_RECORD_EVENT_TYPES, ...OVERSEAS_TRAINING_EVENT_TYPES].map(
      (t) => `hr.training.v1.${t}`,
    );
    const subjects = ["T200", "T201", "T202", "T203"];
    const seen = await waitFor(
      async () => {
        const types = new Set(subjects.flatMap(typesOf));
        return expected.every((t) => types.has(t)) ? types : undefined;
      },
      { what: "every event type on hr.training.v1", timeoutMs: 60_000, intervalMs: 300 },
    );
    expect([...seen].sort()).toEqual([...expected].sort());

    for (const message of published.filter((m) => subjects.includes(m.key?.toString() ?? ""))) {
      const h = headerStrings(message.headers);
      expect(h).toMatchObject({
        ce_specversion: "1.0",
        ce_source: "/hr/training",
        "content-type": "application/protobuf",
      });
      expect(h.ce_id).toBeTruthy();
      expect(Date.parse(h.ce_time ?? "")).not.toBeNaN();
      expect(h.ce_subject).toBe(message.key?.toString());
      const type = (h.ce_type ?? "").replace("hr.training.v1.", "") as keyof typeof trainingV1;
      const decoded = (
        trainingV1[type] as { decode(b: Uint8Array): { employeeId: string; effectiveDate: string } }
      ).decode(message.value as Buffer);
      expect(decoded.employeeId).toBe(h.ce_subject);
      expect(decoded.effectiveDate).toBe(h.ce_effectivedate);
    }
    // The corrected plan's destinations are published with its correction (its goals are not, below).
    const corrections = published
      .filter((m) => headerStrings(m.headers).ce_type === "hr.training.v1.OverseasTrainingStepCorrected")
      .map((m) => trainingV1.OverseasTrainingStepCorrected.decode(m.value as Buffer));
    expect(corrections).toContainEqual(
      expect.objectContaining({
        applicationId: app,
        step: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        candidateDestinations: [DTU],
      }),
    );
    // The host corrected after the report meeting carries the planned and visited destinations.
    expect(corrections).toContainEqual(
      expect.objectContaining({
        applicationId: app,
        step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
        destination: DTU,
        plannedDestinations: [DTU],
        destinationsVisited: [DTU],
      }),
    );
    // Every event a history entry names is on the topic, with its type and effective date.
    const onTopic = new Map(
      published.map((m) => {
        const h = headerStrings(m.headers);
        return [h.ce_id, `${h.ce_type} ${h.ce_effectivedate}`];
      }),
    );
    for (const ref of entries.flatMap((e) => e.evidence)) {
      expect(onTopic.get(ref.eventId)).toBe(`${ref.eventType} ${ref.effectiveDate}`);
    }
    // No free text about a person on the topic: the notes, feedback and plan texts sent above are not in any value.
    const values = published.map((m) => m.value?.toString("latin1") ?? "").join("\n");
    for (const text of [
      "exported a day early",
      "it was a colleague",
      "narrow the goals",
      "busy season",
      "receipt never came",
      "SC-000123",
      "Service design at city scale",
      "Service design for a whole region",
      "goals copied from the wrong draft",
    ]) {
      expect(values).not.toContain(text);
    }
  });
});

describe("xAPI statements", () => {
  const id = "5b3c1d2e-7f8a-4b9c-8d0e-1f2a3b4c5d6e";
  const statement = {
    id,
    actor: {
      objectType: "Agent",
      name: "Staff member",
      account: { homePage: "https://learning.metro.example", name: "T300" },
    },
    verb: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } },
    object: {
      objectType: "Activity",
      id: "https://learning.metro.example/activities/udemy-genai",
      definition: { name: { "en-US": "Generative AI for public services" } },
    },
    result: { completion: true, success: true, score: { scaled: 0.92 }, duration: "PT4H30M" },
    timestamp: "2024-06-03T21:15:00+09:00",
  };
  const xapi = { "X-Experience-API-Version": "1.0.3" };
  const VOIDED = "http://adlnet.gov/expapi/verbs/voided";
  const put = (statementId: string, body: unknown) =>
    rest("PUT", `/xapi/statements?statementId=${statementId}`, body, ["training-admin"], undefined, xapi);
  const post = (body: unknown, headers = xapi) =>
    rest("POST", "/xapi/statements", body, ["training-admin"], undefined, headers);

  it("records a statement sent twice once, and voids it by a voiding statement", async () => {
    const first = await put(id, statement);
    expect(first.status).toBe(204);
    expect(first.headers.get("x-experience-api-version")).toBe("1.0.3");
    const again = await post(statement);
    expect(again.status).toBe(200);
    expect(again.body).toEqual([id]);
    expect((await training.service.store.readStream(recordStream("T300"))).version).toBe(1);
    const history = await ok("GET", "/v1/employees/T300/training-history");
    expect(history.completions).toEqual([
      expect.objectContaining({
        courseId: "udemy-genai",
        effectiveDate: "2024-06-03",
        hours: 4.5,
        score: 92,
        source: "COMPLETION_SOURCE_XAPI",
      }),
    ]);

    const reused = await put(id, { ...statement, result: { score: { scaled: 0.5 } } });
    expect(reused.status).toBe(409);

    const voiding = await post({
      id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
      actor: { account: { homePage: "https://learning.metro.example", name: "lms-admin" } },
      verb: { id: "http://adlnet.gov/expapi/verbs/voided", display: { "en-US": "voided" } },
      object: { objectType: "StatementRef", id },
    });
    expect(voiding.status).toBe(200);
    expect((await ok("GET", "/v1/employees/T300/training-history")).completions).toEqual([]);
    await waitFor(
      async () => (typesOf("T300").includes("hr.training.v1.CompletionVoided") ? true : undefined),
      {
        what: "the voiding on hr.training.v1",
        timeoutMs: 60_000,
      },
    );
  });

  it("answers in xAPI's statuses: 401 before anything, 400 for what the document states, 409 for a rule", async () => {
    const anonymous = await fetch(`${training.service.httpUrl}/xapi/statements`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-experience-api-version")).toBe("1.0.3");
    const noVersion = await post(statement, {} as typeof xapi);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.violations[0].field).toBe("X-Experience-API-Version");
    const oldVersion = await post(statement, { "X-Experience-API-Version": "0.95" });
    expect(oldVersion.status).toBe(400);

    // Stated in the document: a completion names an employee account of the configured home page.
    const stranger = await post({
      ...statement,
      id: undefined,
      actor: { mbox: "mailto:someone@elsewhere.example" },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.violations[0].field).toBe("statements[0].actor");

    // Well-formed, but not recordable as things stand: xAPI's 409, with the rule's reason.
    const unknown = await post({
      ...statement,
      id: undefined,
      object: { id: "https://elsewhere.example/x" },
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.reason).toBe("COURSE_NOT_IN_CATALOGUE");
    const future = await post({ ...statement, id: undefined, timestamp: "2999-01-01T00:00:00Z" });
    expect(future.body.error.reason).toBe("DATE_IN_FUTURE");
    const mismatch = await put(randomUUID(), statement);
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.reason).toBe("STATEMENT_ID_MISMATCH");
  });

  it("refuses an actor that is no employee id (400) and a day outside the date horizon (409), storing nothing", async () => {
    const as = (name: string, extra: object = {}) => ({
      ...statement,
      id: randomUUID(),
      actor: { account: { homePage: "https://learning.metro.example", name } },
      ...extra,
    });
    for (const name of ["Z9.DOT9", "Z9\u0000NUL", "Z9\u202eRLO"]) {
      const refused = await post(as(name));
      expect(refused.status).toBe(400);
      expect(refused.body.error.violations.map((v: { field: string }) => v.field)).toEqual([
        "statements[0].actor",
      ]);
      expect((await training.service.store.readStream(recordStream(name))).version).toBe(0);
    }
    // The schema states the timestamp's form; its day in Japan falls before FY1950: a rule, xAPI's 409.
    const early = await post(as("T302", { timestamp: "1950-03-31T12:00:00+09:00" }));
    expect(early).toMatchObject({ status: 409, body: { error: { reason: "DATE_OUTSIDE_HORIZON" } } });
    expect((await training.service.store.readStream(recordStream("T302"))).version).toBe(0);
  });

  it("refuses a batch whole when one statement is refused, and keeps a voiding that arrives first", async () => {
    const E = "T301";
    const completion = (statementId: string) => ({
      ...statement,
      id: statementId,
      actor: { account: { homePage: "https://learning.metro.example", name: E } },
    });
    const [first, second, refused] = [randomUUID(), randomUUID(), randomUUID()];
    const batch = await post([
      completion(first),
      { ...completion(refused), object: { id: "https://elsewhere.example/x" } },
    ]);
    expect(batch.status).toBe(409);
    expect((await training.service.store.readStream(recordStream(E))).version).toBe(0);

    // xAPI: a voiding statement is not refused because its target has not arrived (yet).
    const early = await post({
      ...completion(randomUUID()),
      verb: { id: VOIDED },
      object: { objectType: "StatementRef", id: second },
    });
    expect(early.status).toBe(200);
    const late = await put(second, completion(second));
    expect(late.status).toBe(204);
    const history = await ok("GET", `/v1/employees/${E}/training-history`);
    expect(history.completions).toEqual([]);
    const stream = await training.service.store.readStream(recordStream(E));
    expect(stream.events.map((e) => e.type)).toEqual(["TrainingCompleted", "CompletionVoided"]);
  });
});

describe("invalid input", () => {
  it("is refused naming the field, over REST and gRPC, with nothing stored or published", async () => {
    const E = "T400";
    const bad = await rest("POST", `/v1/employees/${E}/completions`, {
      requestId: "bad-1",
      completedOn: "2024-02-30",
      courseId: "dx-basics",
      hours: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      "completedOn",
      "hours",
    ]);

    const { client, metadata } = await adminClient();
    const error = await new Promise<ServiceError>((resolve) =>
      client.recordCompletion(
        trainingV1.RecordCompletionRequest.fromPartial({
          requestId: "bad-2",
          employeeId: E,
          completedOn: "2024-05-01",
          courseId: "dx-basics",
          score: 150,
        }),
        metadata,
        (e) => resolve(e as ServiceError),
      ),
    );
    client.close();
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    // Only the bad field: the enum left unset (gRPC's UNSPECIFIED) means "the catalogue's", as over REST.
    expect(error.details).toBe("score: must be <= 100");

    const application = await rest("POST", "/v1/overseas-trainings", {
      requestId: "bad-3",
      employeeId: E,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      learningGoals: [],
      candidateDestinations: [],
      theme: "x",
      kind: "APPLICATION_KIND_INDIVIDUAL",
    });
    expect(application.status).toBe(400);
    expect(application.body.error.violations.map((v: { field: string }) => v.field)).toEqual(
      expect.arrayContaining(["learningGoals", "candidateDestinations"]),
    );

    expect((await training.service.store.readStream(recordStream(E))).version).toBe(0);
    // A later valid fact of another employee arrives: by then anything of T400 would have too.
    await ok("POST", "/v1/employees/T401/completions", {
      requestId: "good-1",
      completedOn: "2024-05-01",
      courseId: "dx-basics",
    });
    await waitFor(async () => (typesOf("T401").length > 0 ? true : undefined), {
      what: "T401's completion",
      timeoutMs: 60_000,
    });
    expect(typesOf(E)).toEqual([]);
  });

  it("refuses well-formed input by a rule (422 with its reason); what only the schema states is 400", async () => {
    const E = "T402";
    const unknownCourse = await rest("POST", `/v1/employees/${E}/completions`, {
      requestId: "rule-1",
      completedOn: "2024-05-01",
      courseId: "no-such-course",
    });
    expect(unknownCourse.status).toBe(422);
    expect(unknownCourse.body.error.reason).toBe("COURSE_NOT_IN_CATALOGUE");
    const unknownCertification = await rest("POST", `/v1/employees/${E}/subsidies`, {
      requestId: "rule-2",
      certificationCode: "NO-SUCH-EXAM",
      examOn: "2024-06-01",
      kind: "SUBSIDY_KIND_EXAM_FEE",
      requestedAmountYen: 7500,
      requestedOn: "2024-05-01",
    });
    expect(unknownCertification.body.error.reason).toBe("CERTIFICATION_NOT_IN_CATALOGUE");
    const twice = await rest("PUT", "/v1/course-catalogue", {
      requestId: "rule-3",
      catalogue: {
        fiscalYear: 2030,
        courses: [0, 1].map(() => ({
          courseId: "same",
          title: "Same",
          provider: "COURSE_PROVIDER_IN_HOUSE",
          form: "TRAINING_FORM_CLASSROOM",
          nominalHours: 1,
          skillIds: [],
          targetSegments: [],
          owner: "COURSE_OWNER_HR",
          recommendedLists: [],
          xapiActivityIds: [],
          oneNomineePerUnit: false,
        })),
      },
    });
    expect(twice.body.error.reason).toBe("DUPLICATE_COURSE");
    const window = await rest("PUT", "/v1/programme-years", {
      requestId: "rule-4",
      programmeYear: {
        fiscalYear: 2030,
        capacity: 6,
        applicationOpensOn: "2030-05-01",
        applicationClosesOn: "2030-04-30",
      },
    });
    expect(window.body.error.reason).toBe("APPLICATION_WINDOW_INVALID");

    // Conditions between fields the schema states: refused as bad input, naming the field.
    const refusal = await rest("POST", `/v1/employees/${E}/subsidies/sub-x/decision`, {
      requestId: "rule-5",
      approved: false,
      refusalReason: "SUBSIDY_REFUSAL_REASON_UNSPECIFIED",
      decidedOn: "2024-05-02",
    });
    expect(refusal.status).toBe(400);
    expect(refusal.body.error.violations).toEqual([
      { field: "refusalReason", message: "is required when approved is false or unset" },
    ]);
    const individual = await rest("POST", "/v1/overseas-trainings", {
      requestId: "rule-6",
      employeeId: E,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      learningGoals: ["x"],
      candidateDestinations: [COPENHAGEN, DTU],
      theme: "x",
      kind: "APPLICATION_KIND_INDIVIDUAL",
      groupMemberIds: ["T403"],
    });
    expect(individual.status).toBe(400);
    expect(individual.body.error.violations).toEqual([
      { field: "groupMemberIds", message: "must be empty when kind is APPLICATION_KIND_INDIVIDUAL" },
    ]);
    expect((await training.service.store.readStream(recordStream(E))).version).toBe(0);
  });
});

describe("a list over its maximum (issue 20)", () => {
  it("is refused naming the list alone, over REST and gRPC, before its items are read; a message over 1 MiB too", async () => {
    const E = "T413";
    // 100,000 learning goals, each bad: before, every item was checked and the refusal named them.
    const learningGoals = Array(100_000).fill("\u0000");
    const apply = {
      requestId: "too-many",
      employeeId: E,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      candidateDestinations: [COPENHAGEN],
      theme: "x",
      kind: "APPLICATION_KIND_INDIVIDUAL",
    };
    const refused = await rest("POST", "/v1/overseas-trainings", { ...apply, learningGoals });
    expect(refused.status).toBe(400);
    expect(refused.body.error.violations).toEqual([
      {
        field: "learningGoals",
        message: `must hold at most ${TRAINING_LIMITS.learningGoals.maxItems} items`,
      },
    ]);

    const { client, metadata } = await adminClient();
    const call = (gapSkillIds: string[]) =>
      new Promise<ServiceError>((resolve) =>
        client.getLearningPlan(
          trainingV1.GetLearningPlanRequest.fromPartial({ employeeId: E, gapSkillIds }),
          metadata,
          (e) => resolve(e as ServiceError),
        ),
      );
    const overList = await call(Array(100_000).fill("!"));
    expect([overList.code, overList.details]).toEqual([
      status.INVALID_ARGUMENT,
      `gap_skill_ids: must hold at most ${TRAINING_LIMITS.gapSkills.maxItems} items`,
    ]);
    const overSize = await call(Array(400_000).fill("!")); // 1.2 MB on the wire
    client.close();
    expect(overSize.code).toBe(status.RESOURCE_EXHAUSTED);
    expect((await training.service.store.readStream(recordStream(E))).version).toBe(0);
  });
});

describe("ids and dates outside the rule (README: Identifiers and dates)", () => {
  let client: trainingV1.TrainingServiceClient;
  beforeAll(() => {
    client = new trainingV1.TrainingServiceClient(training.service.grpcAddress, credentials.createInsecure());
  });
  afterAll(() => client.close());

  refusesBadIdsAndDates({
    valid: { employeeId: "T410", date: "2024-05-01" },
    dateField: "completedOn",
    rest: ({ employeeId, date, requestId }, path) =>
      rest("POST", `/v1/employees/${path(employeeId)}/completions`, {
        requestId,
        completedOn: date,
        courseId: "dx-basics",
      }),
    grpc: async ({ employeeId, date, requestId }) => {
      const m = new Metadata();
      m.set("authorization", `Bearer ${await token(["training-admin"])}`);
      const request = trainingV1.RecordCompletionRequest.fromPartial({
        requestId,
        employeeId,
        completedOn: date,
        courseId: "dx-basics",
      });
      return new Promise((resolve, reject) =>
        client.recordCompletion(request, m, (e, r) => (e ? reject(e) : resolve(r))),
      );
    },
    stored: (requestId) => training.service.store.findByRequestId(requestId),
  });
});
