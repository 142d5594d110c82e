import { credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { headerStrings, signToken, startEventSourcedService } from "@hr/kit";
import { secondmentV1 } from "@hr/proto";
import { collectTopic, serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondmentService } from "../src/secondment.service";

/**
 * Issue 18 items 1-2 over the real APIs: a transfer of employment from a post recorded, corrected and
 * voided (then a secondment is accepted again), over REST and over gRPC; a return corrected and voided;
 * each published on hr.secondment.v1 as its own event type.
 */
const ns = testNamespace();
const secondment = serviceUnderTest(secondmentService, ns, {
  start: startEventSourcedService,
  sign: signToken,
});
const { rest, token } = secondment;
const published = collectTopic(ns.topic("hr.secondment.v1"), ns);
const typesOf = (employeeId: string) =>
  published
    .filter((m) => headerStrings(m.headers).ce_subject === employeeId)
    .map((m) => headerStrings(m.headers).ce_type?.replace("hr.secondment.v1.", ""));

const posts = {
  hostDepartment: "Digital Service Division",
  hostTitle: "deputy group leader",
  homeDepartment: "Digital Services Bureau",
  homePost: "General Affairs Section, on secondment",
};
const leaving = { fromDepartment: "Digital Services Bureau", fromPost: "Digital Promotion Section" };

let client: secondmentV1.SecondmentServiceClient;
beforeAll(() => {
  client = new secondmentV1.SecondmentServiceClient(
    secondment.service.grpcAddress,
    credentials.createInsecure(),
  );
});
afterAll(() => client.close());

const call = async <Req, Res>(
  method: (r: Req, m: Metadata, cb: (e: ServiceError | null, r: Res) => void) => unknown,
  request: Req,
) => {
  const m = new Metadata();
  m.set("authorization", `Bearer ${await token(["hr-core"])}`);
  return new Promise<Res>((resolve, reject) =>
    method.call(client, request, m, (e, r) => (e ? reject(e) : resolve(r))),
  );
};

describe("transfer of employment (転籍) from a post", () => {
  it("over REST: recorded, refuses a later secondment, corrected, voided, then a secondment is accepted", async () => {
    const E = "E2400001";
    const base = `/v1/employees/${E}/employment-transfers`;
    const recorded = await rest("POST", base, {
      requestId: "t-rec",
      hostId: "govtech-tokyo",
      transferredOn: "2024-04-01",
      ...leaving,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.transfer).toMatchObject({
      employeeId: E,
      transferredOn: "2024-04-01",
      hostKind: "HOST_KIND_GOVTECH_TOKYO",
      fromPost: "Digital Promotion Section",
      voided: false,
    });
    const id = recorded.body.transfer.transferId;
    const agree = (requestId: string) =>
      rest("POST", `/v1/employees/${E}/secondments`, {
        requestId,
        hostId: "digital-agency",
        ...posts,
        plannedStartOn: "2024-10-01",
        plannedEndOn: "2025-09-30",
        agreedOn: "2024-08-01",
      });
    const refused = await agree("t-agree-1");
    expect(refused).toMatchObject({ status: 422, body: { error: { reason: "EMPLOYEE_TRANSFERRED_OUT" } } });
    const corrected = await rest("POST", `${base}/${id}/corrections`, {
      requestId: "t-correct",
      transferredOn: "2024-07-01",
      reason: "CORRECTION_REASON_DATE_CHANGED",
    });
    expect(corrected.body.transfer).toMatchObject({
      transferredOn: "2024-07-01",
      correctionReasons: ["CORRECTION_REASON_DATE_CHANGED"],
    });
    const voided = await rest("POST", `${base}/${id}/void`, {
      requestId: "t-void",
      reason: "CORRECTION_REASON_CLERICAL_ERROR",
    });
    expect(voided.body.transfer).toMatchObject({
      voided: true,
      voidReason: "CORRECTION_REASON_CLERICAL_ERROR",
    });
    expect((await agree("t-agree-2")).status).toBe(200);
    const listed = await rest("GET", base, undefined, ["employee"], E);
    expect(listed.body.transfers.map((t: { voided: boolean }) => t.voided)).toEqual([true]);
    const bad = await rest("POST", base, {
      requestId: "t-bad",
      hostId: "govtech-tokyo",
      transferredOn: "2024-13-01",
    });
    expect(bad.status).toBe(400);
    await waitFor(async () => (typesOf(E).length >= 4 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the transfer's events on the topic",
    });
    expect(typesOf(E)).toEqual([
      "EmploymentTransferred",
      "EmploymentTransferCorrected",
      "EmploymentTransferVoided",
      "SecondmentAgreed",
    ]);
  });

  it("over gRPC: recorded, corrected and voided, with the transfer in each answer", async () => {
    const E = "E2400002";
    const recorded = await call<
      secondmentV1.RecordEmploymentTransferRequest,
      secondmentV1.RecordEmploymentTransferResponse
    >(client.recordEmploymentTransfer, {
      requestId: "g-rec",
      employeeId: E,
      hostId: "govtech-tokyo",
      transferredOn: "2024-04-01",
      ...leaving,
    });
    const transferId = recorded.transfer?.transferId ?? "";
    expect(recorded.transfer).toMatchObject({ transferredOn: "2024-04-01", hostName: "GovTech Tokyo" });
    const corrected = await call<
      secondmentV1.CorrectEmploymentTransferRequest,
      secondmentV1.CorrectEmploymentTransferResponse
    >(client.correctEmploymentTransfer, {
      requestId: "g-correct",
      employeeId: E,
      transferId,
      hostId: "digital-agency",
      reason: secondmentV1.CorrectionReason.CLERICAL_ERROR,
    });
    expect(corrected.transfer).toMatchObject({
      hostId: "digital-agency",
      hostKind: secondmentV1.HostKind.DIGITAL_AGENCY,
    });
    const voided = await call<
      secondmentV1.VoidEmploymentTransferRequest,
      secondmentV1.VoidEmploymentTransferResponse
    >(client.voidEmploymentTransfer, {
      requestId: "g-void",
      employeeId: E,
      transferId,
      reason: secondmentV1.CorrectionReason.CLERICAL_ERROR,
    });
    expect(voided.transfer?.voided).toBe(true);
    const listed = await call<
      secondmentV1.ListEmploymentTransfersRequest,
      secondmentV1.ListEmploymentTransfersResponse
    >(client.listEmploymentTransfers, { employeeId: E });
    expect(listed.transfers.map((t) => [t.transferId, t.voided])).toEqual([[transferId, true]]);
  });
});

describe("the return after a secondment", () => {
  it("is corrected over REST and voided over gRPC; a corrected end moves the return the day after it", async () => {
    const E = "E2400003";
    const started = await rest("POST", `/v1/employees/${E}/secondment-starts`, {
      requestId: "r-start",
      startsOn: "2024-04-01",
      hostId: "govtech-tokyo",
      ...posts,
      plannedEndOn: "2025-03-31",
    });
    const id = started.body.secondmentId;
    const path = `/v1/employees/${E}/secondments/${id}`;
    const ended = await rest("POST", `${path}/end`, {
      requestId: "r-end",
      endedOn: "2025-03-31",
      reason: "END_REASON_COMPLETED",
      returnedToDepartment: "Digital Services Bureau",
      returnedToPost: "Data Section",
    });
    expect(ended.body.secondment).toMatchObject({ returnedOn: "2025-04-01" });
    const corrected = await rest("POST", `${path}/return/corrections`, {
      requestId: "r-correct",
      post: "Personnel Section",
      reason: "CORRECTION_REASON_CLERICAL_ERROR",
    });
    expect(corrected.body.secondment).toMatchObject({ returnedToPost: "Personnel Section" });
    const moved = await rest("POST", `${path}/corrections`, {
      requestId: "r-move",
      endedOn: "2024-12-31",
      hostTitle: "group leader",
      reason: "CORRECTION_REASON_DATE_CHANGED",
    });
    expect(moved.body.secondment).toMatchObject({
      endedOn: "2024-12-31",
      returnedOn: "2025-01-01",
      hostTitle: "group leader",
    });
    const voided = await call<
      secondmentV1.VoidSecondmentReturnRequest,
      secondmentV1.VoidSecondmentReturnResponse
    >(client.voidSecondmentReturn, {
      requestId: "r-void",
      employeeId: E,
      secondmentId: id,
      reason: secondmentV1.CorrectionReason.CLERICAL_ERROR,
    });
    expect(voided.secondment).toMatchObject({
      status: secondmentV1.SecondmentStatus.ENDED,
      returnedOn: "",
      returnedToPost: "",
    });
    await waitFor(async () => (typesOf(E).length >= 8 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the return's events on the topic",
    });
    expect(typesOf(E)).toEqual([
      "SecondmentAgreed",
      "SecondmentStarted",
      "SecondmentEnded",
      "SecondmentReturned",
      "SecondmentReturnCorrected",
      "SecondmentCorrected",
      "SecondmentReturnCorrected",
      "SecondmentReturnVoided",
    ]);
  });
});

describe("a voided end or extension (issue 18)", () => {
  it("voids a wrong end over REST and the latest extension over gRPC, then ends again; each on the topic", async () => {
    const E = "E2400004";
    const started = await rest("POST", `/v1/employees/${E}/secondment-starts`, {
      requestId: "v-start",
      startsOn: "2024-04-01",
      hostId: "digital-agency",
      ...posts,
      plannedEndOn: "2025-03-31",
    });
    const id = started.body.secondmentId;
    const path = `/v1/employees/${E}/secondments/${id}`;
    const extended = await rest("POST", `${path}/extensions`, {
      requestId: "v-extend",
      plannedEndOn: "2026-03-31",
      agreedOn: "2025-01-10",
      reason: "EXTENSION_REASON_PROJECT_CONTINUED",
    });
    expect(extended.body.secondment).toMatchObject({ plannedEndOn: "2026-03-31" });
    const wrongEnd = await rest("POST", `${path}/end`, {
      requestId: "v-end",
      endedOn: "2024-09-30",
      reason: "END_REASON_EARLY_RETURN",
    });
    expect(wrongEnd.body.secondment).toMatchObject({
      status: "SECONDMENT_STATUS_ENDED",
      endedOn: "2024-09-30",
    });
    // A free-text reason is refused by field, and nothing is recorded.
    const refused = await rest("POST", `${path}/end/void`, { requestId: "v-end-void-bad", reason: "typo" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.violations.map((v: { field: string }) => v.field)).toEqual(["reason"]);
    const voidedEnd = await rest("POST", `${path}/end/void`, {
      requestId: "v-end-void",
      reason: "CORRECTION_REASON_CLERICAL_ERROR",
    });
    expect(voidedEnd.status).toBe(200);
    expect(voidedEnd.body.secondment).toMatchObject({
      status: "SECONDMENT_STATUS_ACTIVE",
      plannedEndOn: "2026-03-31",
    });
    expect(voidedEnd.body.secondment.endedOn ?? "").toBe("");
    // The same request id again: the first reply, nothing recorded.
    const again = await rest("POST", `${path}/end/void`, {
      requestId: "v-end-void",
      reason: "CORRECTION_REASON_CLERICAL_ERROR",
    });
    expect(again.body).toEqual(voidedEnd.body);
    const twice = await rest("POST", `${path}/end/void`, {
      requestId: "v-end-void-2",
      reason: "CORRECTION_REASON_CLERICAL_ERROR",
    });
    expect(twice.status).toBe(422);
    expect(twice.body.error.reason).toBe("SECONDMENT_NOT_ENDED");
    const voidedExtension = await call<
      secondmentV1.VoidSecondmentExtensionRequest,
      secondmentV1.VoidSecondmentExtensionResponse
    >(client.voidSecondmentExtension, {
      requestId: "v-extension-void",
      employeeId: E,
      secondmentId: id,
      reason: secondmentV1.CorrectionReason.CLERICAL_ERROR,
    });
    expect(voidedExtension.secondment).toMatchObject({
      status: secondmentV1.SecondmentStatus.ACTIVE,
      plannedEndOn: "2025-03-31",
      extensionReasons: [],
    });
    await expect(
      call<secondmentV1.VoidSecondmentExtensionRequest, secondmentV1.VoidSecondmentExtensionResponse>(
        client.voidSecondmentExtension,
        {
          requestId: "v-extension-void-2",
          employeeId: E,
          secondmentId: id,
          reason: secondmentV1.CorrectionReason.CLERICAL_ERROR,
        },
      ),
    ).rejects.toMatchObject({ details: expect.stringContaining("has no extension in force") });
    const ended = await rest("POST", `${path}/end`, {
      requestId: "v-end-right",
      endedOn: "2025-03-31",
      reason: "END_REASON_COMPLETED",
    });
    expect(ended.body.secondment).toMatchObject({ status: "SECONDMENT_STATUS_ENDED", endedOn: "2025-03-31" });
    await waitFor(async () => (typesOf(E).length >= 7 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the voidings on the topic",
    });
    expect(typesOf(E)).toEqual([
      "SecondmentAgreed",
      "SecondmentStarted",
      "SecondmentExtended",
      "SecondmentEnded",
      "SecondmentEndVoided",
      "SecondmentExtensionVoided",
      "SecondmentEnded",
    ]);
    const voidings = published.filter(
      (m) =>
        headerStrings(m.headers).ce_subject === E &&
        headerStrings(m.headers).ce_type === "hr.secondment.v1.SecondmentEndVoided",
    );
    expect(secondmentV1.SecondmentEndVoided.decode(voidings[0]!.value!)).toMatchObject({
      secondmentId: id,
      effectiveDate: "2024-09-30",
      voidedEndedOn: "2024-09-30",
      plannedEndOn: "2026-03-31",
      reason: secondmentV1.CorrectionReason.CLERICAL_ERROR,
    });
  });
});
