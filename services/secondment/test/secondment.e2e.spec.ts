import { randomUUID } from "node:crypto";
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { headerStrings, signToken, startEventSourcedService } from "@hr/kit";
import { secondmentV1, skillsV1 } from "@hr/proto";
import {
  collectTopic,
  refusesBadIdsAndDates,
  serviceUnderTest,
  testInfra,
  testNamespace,
  waitFor,
} from "@hr/testing";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondmentStream } from "../src/application/secondment.handlers";
import { secondmentService } from "../src/secondment.service";

/**
 * services/secondment over its real APIs (REST and gRPC), against the run's real broker and store: every
 * event type on hr.secondment.v1 with its headers and a decodable value, retries with the same request_id,
 * bad input refused by field with nothing stored or published, the hiring date learnt from hr.skills.v1,
 * and the queries over the calendar read model.
 */
const ns = testNamespace();
const secondment = serviceUnderTest(secondmentService, ns, {
  start: startEventSourcedService,
  sign: signToken,
});
const { rest, token } = secondment;
const published = collectTopic(ns.topic("hr.secondment.v1"), ns);
let producer: Producer;

beforeAll(async () => {
  producer = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect();
});

const messagesOf = (employeeId: string) =>
  published.filter((m) => headerStrings(m.headers).ce_subject === employeeId);
const typesOf = (employeeId: string) =>
  messagesOf(employeeId).map((m) => headerStrings(m.headers).ce_type?.replace("hr.secondment.v1.", ""));

const terms = {
  hostId: "network-vendor-a",
  hostDepartment: "Cloud Center of Excellence",
  hostTitle: "engineer",
  homeDepartment: "Digital Services Bureau",
  homePost: "General Affairs Section, on secondment",
};

/** A hiring as services/skills publishes it: the first JobTypeChanged, without a previous job type. */
async function publishHiring(employeeId: string, hiredOn: string) {
  const value = skillsV1.JobTypeChanged.encode(
    skillsV1.JobTypeChanged.fromPartial({
      employeeId,
      effectiveDate: hiredOn,
      changeId: `hire-${employeeId}`,
      toJobType: "ICT",
      basis: skillsV1.JobTypeChangeBasis.HIRING,
    }),
  ).finish();
  await producer.send({
    topic: ns.topic("hr.skills.v1"),
    messages: [
      {
        key: employeeId,
        value: Buffer.from(value),
        headers: {
          ce_specversion: "1.0",
          ce_id: `skills-${employeeId}`,
          ce_source: "/hr/skills",
          ce_type: "hr.skills.v1.JobTypeChanged",
          ce_subject: employeeId,
          ce_time: new Date().toISOString(),
          ce_effectivedate: hiredOn,
          ce_sequence: "1",
          "content-type": "application/protobuf",
        },
      },
    ],
  });
}

beforeAll(async () => {
  const host = await rest(
    "POST",
    "/v1/hosts",
    {
      requestId: "host-1",
      hostId: "network-vendor-a",
      kind: "HOST_KIND_PRIVATE_FIRM",
      name: "Network Vendor A",
      effectiveDate: "2020-04-01",
    },
    ["secondment-admin"],
  );
  expect(host.status).toBe(200);
});

describe("every event type on hr.secondment.v1", () => {
  const X = "E2300001";
  const Y = "E2300002";

  it("publishes agreed, started, extended, corrected, ended, returned, cancelled and transferred out", async () => {
    await publishHiring(X, "2023-04-01");
    await waitFor(
      async () =>
        (await secondment.service.infrastructure.db
          .collection("hiring_dates")
          .findOne({ _id: X as never })) ?? undefined,
      { timeoutMs: 30_000, what: "the hiring date from hr.skills.v1" },
    );
    const agreed = await rest("POST", `/v1/employees/${X}/secondments`, {
      requestId: "x-agree",
      ...terms,
      plannedStartOn: "2024-04-01",
      plannedEndOn: "2025-03-31",
      agreedOn: "2024-02-15",
      yearPlan: [{ name: "network basics", startsOn: "2024-04-01", endsOn: "2024-06-30" }],
    });
    expect(agreed.status).toBe(200);
    const id = agreed.body.secondment.secondmentId;
    const path = `/v1/employees/${X}/secondments/${id}`;
    const started = await rest("POST", `/v1/employees/${X}/secondment-starts`, {
      requestId: "x-start",
      secondmentId: id,
      startsOn: "2024-04-01",
    });
    expect(started.body.secondment).toMatchObject({ status: "SECONDMENT_STATUS_ACTIVE", yearOfService: 2 });
    const steps: [string, Record<string, unknown>][] = [
      [
        "extensions",
        { plannedEndOn: "2026-03-31", agreedOn: "2025-01-10", reason: "EXTENSION_REASON_RENEWAL" },
      ],
      ["corrections", { plannedEndOn: "2026-03-15", reason: "CORRECTION_REASON_CLERICAL_ERROR" }],
      ["end", { endedOn: "2025-09-30", reason: "END_REASON_EARLY_RETURN" }],
      ["return", { returnedOn: "2025-10-01", department: "Digital Services Bureau", post: "Data Section" }],
    ];
    for (const [step, body] of steps) {
      const reply = await rest("POST", `${path}/${step}`, { requestId: `x-${step}`, ...body });
      expect(reply.status, step).toBe(200);
    }
    const next = await rest("POST", `/v1/employees/${X}/secondments`, {
      requestId: "x-agree-2",
      ...terms,
      hostId: "govtech-tokyo",
      plannedStartOn: "2026-04-01",
      plannedEndOn: "2027-03-31",
      agreedOn: "2026-01-15",
    });
    const cancelled = await rest(
      "POST",
      `/v1/employees/${X}/secondments/${next.body.secondment.secondmentId}/cancel`,
      { requestId: "x-cancel", reason: "CANCELLATION_REASON_HOST_WITHDREW" },
    );
    expect(cancelled.body.secondment.status).toBe("SECONDMENT_STATUS_CANCELLED");

    const direct = await rest("POST", `/v1/employees/${Y}/secondment-starts`, {
      requestId: "y-start",
      ...terms,
      startsOn: "2024-04-01",
      plannedEndOn: "2025-03-31",
    });
    const yPath = `/v1/employees/${Y}/secondments/${direct.body.secondmentId}`;
    await rest("POST", `${yPath}/end`, {
      requestId: "y-end",
      endedOn: "2025-03-31",
      reason: "END_REASON_COMPLETED",
    });
    const moved = await rest("POST", `${yPath}/transfer`, {
      requestId: "y-transfer",
      transferredOn: "2025-04-01",
    });
    expect(moved.body.secondment.status).toBe("SECONDMENT_STATUS_TRANSFERRED_OUT");

    await waitFor(async () => (messagesOf(X).length >= 8 && messagesOf(Y).length >= 4 ? true : undefined), {
      timeoutMs: 30_000,
      what: "12 events on hr.secondment.v1",
    });
    expect(typesOf(X)).toEqual([
      "SecondmentAgreed",
      "SecondmentStarted",
      "SecondmentExtended",
      "SecondmentCorrected",
      "SecondmentEnded",
      "SecondmentReturned",
      "SecondmentAgreed",
      "SecondmentCancelled",
    ]);
    expect(typesOf(Y)).toEqual([
      "SecondmentAgreed",
      "SecondmentStarted",
      "SecondmentEnded",
      "SecondmentTransferredOut",
    ]);
    const stored = (await secondment.service.store.readStream(secondmentStream(X))).events;
    expect(messagesOf(X).map((m) => headerStrings(m.headers).ce_id)).toEqual(stored.map((e) => e.eventId));
    for (const message of [...messagesOf(X), ...messagesOf(Y)]) {
      const h = headerStrings(message.headers);
      const employee = message.key?.toString();
      expect(h).toMatchObject({
        ce_specversion: "1.0",
        ce_source: "/hr/secondment",
        ce_subject: employee,
        "content-type": "application/protobuf",
      });
      expect(Date.parse(h.ce_time ?? "")).not.toBeNaN();
      expect(h.ce_sequence).toMatch(/^\d+$/);
      const name = h.ce_type?.replace("hr.secondment.v1.", "") as keyof typeof secondmentV1;
      const fns = secondmentV1[name] as {
        decode(b: Uint8Array): {
          employeeId: string;
          effectiveDate: string;
          hostKind: string;
          hostId: string;
        };
      };
      const decoded = fns.decode(message.value as Buffer);
      expect(decoded).toMatchObject({ employeeId: employee, effectiveDate: h.ce_effectivedate });
      expect(decoded.hostKind).not.toBe(secondmentV1.HostKind.UNSPECIFIED);
      // The year plan's texts stay behind the API: events carry posts and codes only.
      expect((message.value as Buffer).toString("utf8")).not.toContain("network basics");
    }
    const startedEvent = secondmentV1.SecondmentStarted.decode(messagesOf(X)[1]?.value as Buffer);
    expect(startedEvent).toMatchObject({
      hostKind: secondmentV1.HostKind.PRIVATE_FIRM,
      hostTitle: "engineer",
      homePost: "General Affairs Section, on secondment",
      yearOfService: 2,
    });
    const ended = secondmentV1.SecondmentEnded.decode(messagesOf(X)[4]?.value as Buffer);
    expect(ended).toMatchObject({ endedOn: "2025-09-30", reason: secondmentV1.EndReason.EARLY_RETURN });
  });

  it("answers who is where, what ends soon and counts per host kind from the calendar read model", async () => {
    const seconded = await waitFor(
      async () => {
        const reply = await rest("GET", "/v1/secondments?activeOn=2024-06-01");
        return reply.body.secondments?.length === 2 ? reply : undefined;
      },
      { timeoutMs: 30_000, what: "the calendar to show both secondments" },
    );
    expect(seconded.body.secondments.map((s: { employeeId: string }) => s.employeeId).sort()).toEqual([X, Y]);
    const V = "E2300005";
    const planned = await rest("POST", `/v1/employees/${V}/secondments`, {
      requestId: "v-agree",
      ...terms,
      hostId: "digital-agency",
      plannedStartOn: "2024-10-01",
      plannedEndOn: "2025-03-31",
      agreedOn: "2024-08-01",
    });
    // The calendar follows the topic's partitions independently: poll until it shows exactly the one
    // planned to end (the others ended, or were transferred out, before the window).
    const expected = [planned.body.secondment.secondmentId];
    const ending = await waitFor(
      async () => {
        const reply = await rest("GET", "/v1/secondments/ending?withinDays=31&asOf=2025-03-01");
        const ids = reply.body.secondments?.map((s: { secondmentId: string }) => s.secondmentId);
        return JSON.stringify(ids) === JSON.stringify(expected) ? reply : undefined;
      },
      { timeoutMs: 30_000, what: "exactly the planned secondment among those ending soon" },
    );
    expect(ending.body.secondments[0]).toMatchObject({ employeeId: V, hostKind: "HOST_KIND_DIGITAL_AGENCY" });
    const counts = await rest("GET", "/v1/secondment-counts?fiscalYear=2024");
    expect(counts.body).toEqual({
      fiscalYear: 2024,
      counts: [{ hostKind: "HOST_KIND_PRIVATE_FIRM", started: 2, atHost: 2 }],
    });
    const own = await rest("GET", `/v1/employees/${X}/secondments`, undefined, ["employee"], X);
    expect(own.body.secondments.map((s: { status: string }) => s.status)).toEqual([
      "SECONDMENT_STATUS_CANCELLED",
      "SECONDMENT_STATUS_RETURNED",
    ]);
    expect((await rest("GET", `/v1/employees/${Y}/secondments`, undefined, ["employee"], X)).status).toBe(
      403,
    );
    expect(
      (await rest("GET", "/v1/secondments?activeOn=2024-06-01", undefined, ["employee"], X)).status,
    ).toBe(403);
  });
});

describe("retries with the same request_id", () => {
  const Z = "E2300003";
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

  it("a year at a firm, each call sent twice, gives exactly one started and one ended event", async () => {
    const start = secondmentV1.StartSecondmentRequest.fromPartial({
      requestId: "z-start",
      employeeId: Z,
      startsOn: "2024-04-01",
      plannedEndOn: "2025-03-31",
      ...terms,
    });
    const first = await call<secondmentV1.StartSecondmentRequest, secondmentV1.StartSecondmentResponse>(
      client.startSecondment,
      start,
    );
    const again = await call<secondmentV1.StartSecondmentRequest, secondmentV1.StartSecondmentResponse>(
      client.startSecondment,
      start,
    );
    expect(again.secondmentId).toBe(first.secondmentId);
    const end = secondmentV1.EndSecondmentRequest.fromPartial({
      requestId: "z-end",
      employeeId: Z,
      secondmentId: first.secondmentId,
      endedOn: "2025-03-31",
      reason: secondmentV1.EndReason.COMPLETED,
    });
    const ended = await call<secondmentV1.EndSecondmentRequest, secondmentV1.EndSecondmentResponse>(
      client.endSecondment,
      end,
    );
    const endedAgain = await call<secondmentV1.EndSecondmentRequest, secondmentV1.EndSecondmentResponse>(
      client.endSecondment,
      end,
    );
    expect(endedAgain).toEqual(ended);
    expect(ended.secondment?.status).toBe(secondmentV1.SecondmentStatus.ENDED);
    await waitFor(async () => (messagesOf(Z).length >= 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: "Z's events",
    });
    // Let a stray duplicate arrive if there were one.
    await rest("GET", `/v1/employees/${Z}/secondments`);
    await waitFor(async () => ((await secondment.service.relay.backlog()) === 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the outbox to drain",
    });
    expect(typesOf(Z)).toEqual(["SecondmentAgreed", "SecondmentStarted", "SecondmentEnded"]);
    expect((await secondment.service.store.readStream(secondmentStream(Z))).version).toBe(3);
  });

  it("refuses bad input over gRPC as INVALID_ARGUMENT naming the proto field, storing nothing", async () => {
    const bad = secondmentV1.StartSecondmentRequest.fromPartial({
      requestId: "z-bad",
      employeeId: Z,
      startsOn: "2025-02-30",
      secondmentId: "anything",
    });
    const error = (await call(client.startSecondment, bad).catch((e) => e)) as ServiceError;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain("starts_on");
    expect(await secondment.service.store.findByRequestId("z-bad")).toBeNull();
  });
});

describe("bad input is refused by field; nothing is stored or published", () => {
  const W = "E2300004";
  const agreement = (extra: Record<string, unknown>) => ({
    requestId: `w-${randomUUID()}`,
    ...terms,
    plannedStartOn: "2024-04-01",
    plannedEndOn: "2025-03-31",
    agreedOn: "2024-02-15",
    ...extra,
  });

  it.each([
    ["a day February does not have", { plannedStartOn: "2023-02-29" }, "plannedStartOn"],
    ["an unknown reason code instead of a date", { agreedOn: "soon" }, "agreedOn"],
    ["a blank title at the host", { hostTitle: "  " }, "hostTitle"],
    ["a malformed host id", { hostId: "Network Vendor" }, "hostId"],
    ["a title at the host with a right-to-left override", { hostTitle: "engi\u202eneer" }, "hostTitle"],
    ["a home post that is only a zero-width space", { homePost: "\u200b" }, "homePost"],
    ["a department at the host with an ANSI colour", { hostDepartment: "\u001b[31mCloud" }, "hostDepartment"],
    ["a department at the host over two lines", { hostDepartment: "Cloud\nCenter" }, "hostDepartment"],
    [
      "a phase without a name",
      { yearPlan: [{ startsOn: "2024-04-01", endsOn: "2024-06-30" }] },
      "yearPlan[0].name",
    ],
  ])("%s gets 400 naming %s", async (_what, extra, field) => {
    const body = agreement(extra);
    const reply = await rest("POST", `/v1/employees/${W}/secondments`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe("INVALID_ARGUMENT");
    expect(reply.body.error.violations.map((v: { field: string }) => v.field)).toContain(field);
    expect(await secondment.service.store.findByRequestId(body.requestId)).toBeNull();
  });

  it("refuses free text as an end reason, and a rule broken is 422 with its code", async () => {
    const reply = await rest("POST", `/v1/employees/${W}/secondments/s-none/end`, {
      requestId: "w-end",
      endedOn: "2025-03-31",
      reason: "he missed home",
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.violations.map((v: { field: string }) => v.field)).toEqual(["reason"]);
    const tooLong = await rest(
      "POST",
      `/v1/employees/${W}/secondments`,
      agreement({ plannedEndOn: "2025-06-30" }),
    );
    expect(tooLong).toMatchObject({
      status: 422,
      body: { error: { reason: "LONGER_THAN_STANDARD_LENGTH" } },
    });
    const unknownHost = await rest(
      "POST",
      `/v1/employees/${W}/secondments`,
      agreement({ hostId: "no-such-host" }),
    );
    expect(unknownHost.status).toBe(404);
  });

  it("left nothing in the employee's stream and nothing on the topic", async () => {
    expect((await secondment.service.store.readStream(secondmentStream(W))).version).toBe(0);
    // Everything stored earlier has been published by now; none of it is about W.
    await waitFor(async () => ((await secondment.service.relay.backlog()) === 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the outbox to drain",
    });
    expect(messagesOf(W)).toEqual([]);
  });
});

describe("ids and dates outside the rule (README: Identifiers and dates)", () => {
  let client: secondmentV1.SecondmentServiceClient;
  beforeAll(() => {
    client = new secondmentV1.SecondmentServiceClient(
      secondment.service.grpcAddress,
      credentials.createInsecure(),
    );
  });
  afterAll(() => client.close());
  const agreement = { ...terms, plannedStartOn: "2024-04-01", agreedOn: "2024-02-15" };

  refusesBadIdsAndDates({
    valid: { employeeId: "E2300010", date: "2025-03-31" },
    dateField: "plannedEndOn",
    rest: ({ employeeId, date, requestId }, path) =>
      rest("POST", `/v1/employees/${path(employeeId)}/secondments`, {
        ...agreement,
        requestId,
        plannedEndOn: date,
      }),
    grpc: async ({ employeeId, date, requestId }) => {
      const m = new Metadata();
      m.set("authorization", `Bearer ${await token(["hr-core"])}`);
      const request = secondmentV1.AgreeSecondmentRequest.fromPartial({
        ...agreement,
        requestId,
        employeeId,
        plannedEndOn: date,
      });
      return new Promise((resolve, reject) =>
        client.agreeSecondment(request, m, (e, r) => (e ? reject(e) : resolve(r))),
      );
    },
    stored: (requestId) => secondment.service.store.findByRequestId(requestId),
  });
});
