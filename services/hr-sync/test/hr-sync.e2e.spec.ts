import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { headerStrings, type Role, signToken, startEventSourcedService } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import {
  collectTopic,
  dropDatabase,
  refusesBadIdsAndDates,
  serviceOverrides,
  serviceUnderTest,
  testInfra,
  testNamespace,
  waitFor,
} from "@hr/testing";
import { parse } from "csv-parse/sync";
import { Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondmentService } from "../../secondment/src/secondment.service";
import { skillsService } from "../../skills/src/skills.service";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * hr-sync over its real APIs against the run's real broker and store, fed by the real skills service
 * and by its own RecordPosting (published on hr.postings.v1 and projected back from there).
 */
const ns = testNamespace();
const syncDb = `${ns.dbName}_sync`;
const kit = { start: startEventSourcedService, sign: signToken };
const skills = serviceUnderTest(skillsService, ns, kit);
const secondment = serviceUnderTest(secondmentService, ns, { ...kit, dbName: `${ns.dbName}_sec` });
const sync = serviceUnderTest(hrSyncService, ns, { ...kit, dbName: syncDb });
const { token } = sync;
let client: syncV1.HrSyncServiceClient;
const kafka = () => new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });

async function metadata(roles?: Role[]) {
  const m = new Metadata();
  m.set("authorization", `Bearer ${await token(roles)}`);
  return m;
}

function unary<Req, Res>(
  call: (req: Req, md: Metadata, cb: (e: ServiceError | null, r: Res) => void) => unknown,
  request: Req,
  roles?: Role[],
): Promise<Res> {
  return metadata(roles).then(
    (md) =>
      new Promise<Res>((resolve, reject) =>
        call.call(client, request, md, (error, reply) => (error ? reject(error) : resolve(reply))),
      ),
  );
}

const rotation = (employeeId: string, asOf = "2025-03-31") =>
  unary<syncV1.GetRotationRecordRequest, syncV1.GetRotationRecordResponse>(client.getRotationRecord, {
    employeeId,
    asOf,
  }).then((r) => r.record);
const evaluation = (employeeId: string, fiscalYear: number) =>
  unary<syncV1.GetEvaluationRecordRequest, syncV1.GetEvaluationRecordResponse>(client.getEvaluationRecord, {
    employeeId,
    fiscalYear,
  }).then((r) => r.record);

const recordPosting = (employeeId: string, requestId: string, effectiveDate: string, extra: object = {}) =>
  sync.rest("POST", `/v1/employees/${employeeId}/postings`, {
    requestId,
    effectiveDate,
    department: "デジタルサービス局 総務部",
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
    ...extra,
  });

beforeAll(() => {
  client = new syncV1.HrSyncServiceClient(sync.service.grpcAddress, credentials.createInsecure());
});

afterAll(() => client?.close());

describe("records from the real services' events", () => {
  const E = "HS0001";

  it("job type changes and assessments from skills and postings from HR core become the rotation and evaluation records", async () => {
    const hired = await skills.rest("POST", `/v1/employees/${E}/job-type-changes`, {
      requestId: "hs1-hire",
      toJobType: "ELECTRICAL",
      effectiveDate: "2019-04-01",
      basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
    });
    expect(hired.status).toBe(200);
    expect(
      (
        await skills.rest("POST", `/v1/employees/${E}/job-type-changes`, {
          requestId: "hs1-ict",
          toJobType: "ICT",
          effectiveDate: "2023-04-01",
          basis: "JOB_TYPE_CHANGE_BASIS_QUALIFICATION",
          basisDetail: "Registered Information Security Specialist",
        })
      ).status,
    ).toBe(200);
    expect((await recordPosting(E, "hs1-p1", "2019-04-01", { department: "建設局" })).status).toBe(200);
    const posted = await recordPosting(E, "hs1-p2", "2023-04-01");
    expect(posted.body.postingId).toMatch(/^pst-/);

    const record = await waitFor(
      async () => {
        const r = await rotation(E).catch(() => undefined);
        return r && r.jobTypeHistory.length === 2 && r.assignments.length === 2 ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the rotation record of both topics' events" },
    );
    expect(record?.jobType).toBe("ICT");
    expect(record?.jobTypeHistory.map((p) => [p.jobType, p.effectiveDate, p.basis])).toEqual([
      ["ELECTRICAL", "2019-04-01", "JOB_TYPE_CHANGE_BASIS_HIRING"],
      ["ICT", "2023-04-01", "JOB_TYPE_CHANGE_BASIS_QUALIFICATION"],
    ]);
    expect(record?.assignments.map((a) => [a.department, a.startedOn, a.endedOn])).toEqual([
      ["建設局", "2019-04-01", "2023-03-31"],
      ["デジタルサービス局 総務部", "2023-04-01", ""],
    ]);
    expect(record?.currentStatus?.status).toBe("EMPLOYMENT_STATUS_IN_POST");
    // One event's records are written one after another: the evaluation record may follow the rotation's.
    const fy2023 = await waitFor(
      async () => {
        const r = await evaluation(E, 2023).catch(() => undefined);
        return r && r.department !== "建設局" && r.jobTypeChanges.length > 0 ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the FY2023 evaluation record of both postings and the job type change" },
    );
    expect(fy2023?.jobTypeChanges.map((c) => c.toJobType)).toEqual(["ICT"]);
    expect(fy2023?.jobTypeChanges[0]?.evidence[0]?.eventType).toBe("hr.skills.v1.JobTypeChanged");
    expect(fy2023?.department).toBe("デジタルサービス局 総務部");
  });

  it("a transfer of employment from a post, from the real secondment service, then its voiding, are followed", async () => {
    const T = "HS0009";
    await recordPosting(T, "hs9-p1", "2021-04-01", { department: "デジタルサービス局" });
    const base = `/v1/employees/${T}/employment-transfers`;
    const recorded = await secondment.rest(
      "POST",
      base,
      {
        requestId: "hs9-t",
        hostId: "govtech-tokyo",
        transferredOn: "2024-04-01",
        fromDepartment: "デジタルサービス局",
        fromPost: "デジタル推進課",
      },
      ["hr-admin"],
    );
    expect(recorded.status).toBe(200);
    const out = await waitFor(
      async () => {
        const r = await rotation(T, "2024-05-01").catch(() => undefined);
        return r?.transferOfEmployment ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the transfer of employment in the rotation record" },
    );
    expect(out?.transferOfEmployment).toMatchObject({
      transferredOn: "2024-04-01",
      hostName: "GovTech Tokyo",
      fromPost: "デジタル推進課",
    });
    expect(out?.currentStatus).toMatchObject({
      status: "EMPLOYMENT_STATUS_TRANSFERRED_OUT",
      since: "2024-04-01",
    });
    const voided = await secondment.rest(
      "POST",
      `${base}/${recorded.body.transfer.transferId}/void`,
      { requestId: "hs9-v", reason: "CORRECTION_REASON_CLERICAL_ERROR" },
      ["hr-admin"],
    );
    expect(voided.status).toBe(200);
    const back = await waitFor(
      async () => {
        const r = await rotation(T, "2024-05-01").catch(() => undefined);
        return r && !r.transferOfEmployment ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the voided transfer gone from the rotation record" },
    );
    expect(back?.currentStatus?.status).toBe("EMPLOYMENT_STATUS_IN_POST");
  });

  it("a manager's secondment from the real secondment service becomes a period, months per year and evaluations at transfer", async () => {
    const M = "HS0005";
    await recordPosting(M, "hs5-p1", "2022-04-01", { rank: "RANK_SECTION_CHIEF", department: "財務局" });
    const started = await secondment.rest(
      "POST",
      `/v1/employees/${M}/secondment-starts`,
      {
        requestId: "hs5-s",
        homeDepartment: "Digital Services Bureau",
        homePost: "General Affairs Section, on secondment",
        hostId: "digital-agency",
        hostDepartment: "Citizen Services Group",
        hostTitle: "deputy section chief",
        startsOn: "2024-10-01",
        plannedEndOn: "2025-09-30",
      },
      ["hr-admin"],
    );
    expect(started.status).toBe(200);
    const ended = await secondment.rest(
      "POST",
      `/v1/employees/${M}/secondments/${started.body.secondmentId}/end`,
      {
        requestId: "hs5-e",
        endedOn: "2025-06-30",
        reason: "END_REASON_EARLY_RETURN",
      },
      ["hr-admin"],
    );
    expect(ended.status).toBe(200);
    const record = await waitFor(
      async () => {
        const r = await rotation(M, "2025-08-01").catch(() => undefined);
        return r?.secondments[0]?.endedOn ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the secondment in the rotation record" },
    );
    expect(record?.secondments[0]).toMatchObject({
      hostKind: "HOST_KIND_DIGITAL_AGENCY",
      titleAtHost: "deputy section chief",
      homePost: "General Affairs Section, on secondment",
      startsOn: "2024-10-01",
      endedOn: "2025-06-30",
    });
    expect(record?.monthsSeconded).toEqual([{ hostKind: "HOST_KIND_DIGITAL_AGENCY", months: 9 }]);
    // One event's records are written one after another: the evaluation records may follow the rotation's.
    const [fy2024, fy2025] = await waitFor(
      async () => {
        const years = await Promise.all([evaluation(M, 2024), evaluation(M, 2025)]).catch(() => []);
        return years.length && years.every((r) => r?.evaluationsAtTransfer.length) ? years : undefined;
      },
      {
        timeoutMs: 60_000,
        what: "the FY2024 and FY2025 evaluation records with their evaluations at transfer",
      },
    );
    expect(fy2024?.secondmentMonths).toBe(6);
    expect(fy2024?.evaluationsAtTransfer.map((e) => [e.dueOn, e.trigger])).toEqual([
      ["2024-09-30", "TRANSFER_TRIGGER_SECONDMENT_START"],
    ]);
    expect(fy2025?.evaluationsAtTransfer.map((e) => [e.dueOn, e.trigger])).toEqual([
      ["2025-06-30", "TRANSFER_TRIGGER_SECONDMENT_END"],
    ]);
  });

  it("a target role from the real skills service, met by the assessed levels, counts in the department's skill coverage beside the year before", async () => {
    const DEPT = "スキル被覆課";
    const [MET, SHORT] = ["HS0009", "HS0010"];
    const requirements: Array<[string, number]> = [
      ["service-design", 4],
      ["ux-design", 3],
      ["business-process-redesign", 3],
      ["data-analysis", 2],
      ["communication", 3],
    ];
    for (const id of [MET, SHORT]) {
      expect((await recordPosting(id, `cov-${id}`, "2023-04-01", { department: DEPT })).status).toBe(200);
      const set = await skills.rest("PUT", `/v1/employees/${id}/target-role`, {
        requestId: `cov-role-${id}`,
        roleId: "service-designer",
        effectiveDate: "2024-05-01",
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
    }
    for (const [skillId, level] of requirements) {
      const assessed = await skills.rest("POST", `/v1/employees/${MET}/assessments`, {
        requestId: `cov-${skillId}`,
        skillId,
        level,
        assessor: "ASSESSOR_KIND_MANAGER",
        assessedOn: "2024-10-01",
      });
      expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    }
    const kpis = await waitFor(
      async () => {
        const reply = await sync.rest(
          "GET",
          `/v1/department-kpis?fiscalYear=2024&department=${encodeURIComponent(DEPT)}`,
        );
        const c = reply.body.current;
        return c?.employeesWithTargetRole === 2 && c?.employeesMeetingTargetRole === 1
          ? reply.body
          : undefined;
      },
      { timeoutMs: 90_000, what: "the department's skill coverage" },
    );
    // The year before: both were in the department, neither had a target role yet.
    expect(kpis.previousYear).toMatchObject({
      employeeCount: 2,
      employeesWithTargetRole: 0,
      employeesMeetingTargetRole: 0,
    });
    const met = await evaluation(MET, 2024);
    expect(met?.targetRole).toMatchObject({
      roleId: "service-designer",
      catalogueFiscalYear: 2024,
      meetsAll: true,
      skillsShort: [],
    });
    expect(met?.targetRole?.evidence.map((e) => e.eventType)).toContain("hr.skills.v1.TargetRoleSet");
    expect((await evaluation(SHORT, 2024))?.targetRole?.skillsShort).toEqual(
      requirements.map(([id]) => id).sort(),
    );

    // Cleared on the skills service before the year ends: no target role that year any more.
    const cleared = await skills.rest("POST", `/v1/employees/${SHORT}/target-role/clear`, {
      requestId: `cov-clear-${SHORT}`,
      effectiveDate: "2025-01-10",
    });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    await waitFor(
      async () => ((await evaluation(SHORT, 2024))?.targetRole === undefined ? true : undefined),
      { timeoutMs: 90_000, what: "the clearing in the FY2024 record" },
    );
    const after = await sync.rest(
      "GET",
      `/v1/department-kpis?fiscalYear=2024&department=${encodeURIComponent(DEPT)}`,
    );
    expect(after.body.current).toMatchObject({ employeesWithTargetRole: 1, employeesMeetingTargetRole: 1 });
  });

  it("a correction moves a fact to the right fiscal year", async () => {
    const M = "HS0002";
    await recordPosting(M, "hs2-p1", "2022-04-01", { rank: "RANK_SECTION_CHIEF", department: "財務局" });
    const moved = await recordPosting(M, "hs2-p2", "2024-03-01", { rank: "RANK_SECTION_CHIEF" });
    await waitFor(
      async () => ((await evaluation(M, 2023))?.evaluationsAtTransfer.length ? true : undefined),
      {
        timeoutMs: 60_000,
        what: "the evaluation at transfer in FY2023",
      },
    );
    const corrected = await sync.rest(
      "POST",
      `/v1/employees/${M}/postings/${moved.body.postingId}/corrections`,
      {
        requestId: "hs2-c",
        effectiveDate: "2024-04-02",
        department: "デジタルサービス局 総務部",
        post: "課長",
        kind: "POSTING_KIND_REGULAR_TRANSFER",
        rank: "RANK_SECTION_CHIEF",
        reason: "POSTING_CORRECTION_REASON_WRONG_DATE",
      },
    );
    expect(corrected.status).toBe(200);
    const fy2024 = await waitFor(
      async () => {
        const r = await evaluation(M, 2024);
        return r?.evaluationsAtTransfer.length ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the evaluation at transfer moved to FY2024" },
    );
    expect(fy2024?.evaluationsAtTransfer[0]).toMatchObject({ dueOn: "2024-04-01", department: "財務局" });
    expect((await evaluation(M, 2023))?.evaluationsAtTransfer).toEqual([]);
  });

  it("refuses bad input naming the field, stores nothing, and checks roles", async () => {
    const bad = await recordPosting("HS0003", "hs3", "2024-02-30", { kind: "NOPE" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      "effectiveDate",
      "kind",
    ]);
    const grpcBad = (await evaluation("HS0003", 1).catch((e: ServiceError) => e)) as ServiceError;
    expect(grpcBad.code).toBe(status.INVALID_ARGUMENT);
    expect(grpcBad.details).toContain("fiscal_year");
    const denied = (await unary<syncV1.GetRotationRecordRequest, syncV1.GetRotationRecordResponse>(
      client.getRotationRecord,
      { employeeId: "HS0001", asOf: "" },
      ["skills-admin"],
    ).catch((e: ServiceError) => e)) as ServiceError;
    expect(denied.code).toBe(status.PERMISSION_DENIED);
    const other = await sync.rest("GET", "/v1/employees/HS0001/evaluation-records/2023", undefined, [
      "employee",
    ]);
    expect(other.status).toBe(403);
  });
});

describe("poison messages", () => {
  it("go to hr.sync.dlq.v1 with the reason while the next event is projected", async () => {
    const producer = kafka().producer();
    await producer.connect();
    const headers = (type: string, id: string) => ({
      ce_specversion: "1.0",
      ce_id: id,
      ce_source: "/e2e",
      ce_type: type,
      ce_subject: "HS0004",
      ce_time: new Date().toISOString(),
      "content-type": "application/protobuf",
    });
    await producer.send({
      topic: ns.topic("hr.skills.v1"),
      messages: [
        {
          key: "HS0004",
          value: Buffer.from([0xff, 0xff, 0xff]),
          headers: headers("hr.skills.v1.SkillAssessed", "p1"),
        },
        { key: "HS0004", value: Buffer.from([]), headers: headers("hr.skills.v1.SomethingNew", "p2") },
      ],
    });
    await producer.disconnect();
    expect((await recordPosting("HS0004", "hs4-p", "2024-04-01")).status).toBe(200);

    const dead: KafkaMessage[] = [];
    const consumer = kafka().consumer({ groupId: ns.topic("dlq-reader") });
    await consumer.connect();
    await consumer.subscribe({ topic: ns.topic("hr.sync.dlq.v1"), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void dead.push(message) });
    try {
      await waitFor(async () => (dead.length >= 2 ? true : undefined), {
        timeoutMs: 60_000,
        what: "2 dead letters",
      });
      const reasons = dead.map((m) => [m.headers?.ce_id?.toString(), m.headers?.dlq_reason?.toString()]);
      expect(reasons).toEqual(
        expect.arrayContaining([
          ["p1", "undecodable"],
          ["p2", "unknown-type"],
        ]),
      );
      expect(dead[0]?.headers?.dlq_source_topic?.toString()).toBe(ns.topic("hr.skills.v1"));
    } finally {
      await consumer.disconnect();
    }
    await waitFor(
      async () => ((await rotation("HS0004").catch(() => undefined))?.assignments.length ? true : undefined),
      {
        timeoutMs: 60_000,
        what: "the posting after the poison",
      },
    );
  });
});

describe("WatchChanges", () => {
  /** Reads changes after a cursor until `until` says stop, then cancels the stream. */
  async function watch(afterCursor: string, until: (seen: syncV1.WatchChangesResponse[]) => boolean) {
    const seen: syncV1.WatchChangesResponse[] = [];
    const stream = client.watchChanges({ afterCursor }, await metadata());
    await new Promise<void>((resolve, reject) => {
      stream.on("data", (change: syncV1.WatchChangesResponse) => {
        seen.push(change);
        if (until(seen)) {
          stream.cancel();
          resolve();
        }
      });
      stream.on("error", (e: ServiceError) => (e.code === status.CANCELLED ? resolve() : reject(e)));
    });
    return seen;
  }

  it("resumed from a cursor misses nothing and repeats nothing while events keep arriving", async () => {
    const writing = (async () => {
      for (let i = 0; i < 8; i++) await recordPosting(`HW${i % 3}`, `hw-${i}`, `2024-0${(i % 8) + 1}-01`);
    })();
    const first = await watch("", (seen) => seen.length >= 3);
    const resumed = await watch(first.at(-1)!.cursor, (seen) =>
      seen.some(
        (c) =>
          c.record?.$case === "rotationRecord" &&
          c.record.value.employeeId === "HW1" &&
          c.record.value.assignments.length === 3,
      ),
    );
    await writing;
    const cursors = [...first, ...resumed].map((c) => Number(c.cursor));
    expect(cursors).toEqual(cursors.map((_, i) => i + 1));
    // The last change of each record is the record as it is now.
    const last = new Map<string, syncV1.RotationRecord>();
    for (const c of [...first, ...resumed]) {
      if (c.record?.$case === "rotationRecord") last.set(c.record.value.employeeId, c.record.value);
    }
    expect(last.get("HW1")?.assignments.map((a) => a.startedOn)).toEqual([
      "2024-02-01",
      "2024-05-01",
      "2024-08-01",
    ]);
  });
});

describe("CSV export", () => {
  it("downloads a department's year as UTF-8 with a BOM that a CSV parser reads back with the Japanese text", async () => {
    const department = "デジタルサービス局 総務部";
    const response = await fetch(
      `${sync.service.httpUrl}/v1/evaluation-records.csv?fiscalYear=2023&department=${encodeURIComponent(department)}`,
      { headers: { authorization: `Bearer ${await token()}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.employee_id === "HS0001")).toMatchObject({
      fiscal_year: "2023",
      department,
      job_type_changes: "ELECTRICAL->ICT@2023-04-01",
    });
  });
});

/** Every record document of a generation, for comparing two projections. */
async function recordsOf(dbName: string, generation = 1) {
  const mongo = new MongoClient(testInfra().mongoUri);
  try {
    const docs = await mongo.db(dbName).collection(`g${generation}_records`).find({}).toArray();
    return docs.sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
  } finally {
    await mongo.close();
  }
}

/** Every message on the file's four consumed topics, read up to their current ends. */
async function allMessages(): Promise<Array<{ topic: string; message: KafkaMessage }>> {
  const topics = ["hr.skills.v1", "hr.training.v1", "hr.secondment.v1", "hr.postings.v1"].map(ns.topic);
  const admin = kafka().admin();
  await admin.connect();
  let total = 0;
  for (const t of topics)
    for (const p of await admin.fetchTopicOffsets(t)) total += Number(p.high) - Number(p.low);
  await admin.disconnect();
  const out: Array<{ topic: string; message: KafkaMessage }> = [];
  const consumer = kafka().consumer({ groupId: ns.topic(`copy-${Date.now()}`) });
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic, message }) => void out.push({ topic, message }) });
  await waitFor(async () => (out.length >= total ? true : undefined), {
    timeoutMs: 60_000,
    what: `${total} messages`,
  });
  await consumer.disconnect();
  return out;
}

describe("replays", () => {
  it("a shuffled and duplicated copy of the same events gives identical records", async () => {
    const messages = await allMessages();
    expect(messages.length).toBeGreaterThan(10);
    const copy = testNamespace();
    const copyDb = `${copy.dbName}_sync`;
    const twin = await startEventSourcedService(hrSyncService, { ...serviceOverrides(copy), dbName: copyDb });
    try {
      const shuffled = [...messages, ...messages.slice(0, 10)]
        .map((m) => ({ m, order: Math.random() }))
        .sort((a, b) => a.order - b.order)
        .map(({ m }) => m);
      const producer = kafka().producer();
      await producer.connect();
      for (const { topic, message } of shuffled) {
        await producer.send({
          topic: copy.topic(topic.slice(ns.topic("").length)),
          messages: [{ key: message.key, value: message.value, headers: message.headers }],
        });
      }
      await producer.disconnect();
      const expected = (await recordsOf(syncDb)).map(({ _id, record }) => ({ _id, record }));
      await waitFor(
        async () => {
          const actual = (await recordsOf(copyDb)).map(({ _id, record }) => ({ _id, record }));
          return JSON.stringify(actual) === JSON.stringify(expected) ? true : undefined;
        },
        { timeoutMs: 90_000, what: "the copy's records to equal the original's" },
      );
      expect(expected.length).toBeGreaterThan(5);
    } finally {
      await twin.stop();
      await dropDatabase(testInfra().mongoUri, copyDb);
    }
  }, 180_000);

  it("a rebuild with progress equals the live records, and queries are answered throughout", async () => {
    const live = await recordsOf(syncDb, 1);
    const started = await sync.rest("POST", "/v1/rebuilds", { requestId: "rb-1" }, ["hr-admin"]);
    expect(started.status).toBe(200);
    expect(started.body.status.state).toBe("REBUILD_STATE_REPLAYING");
    const progress: number[] = [];
    const done = await waitFor(
      async () => {
        expect((await rotation("HS0001"))?.employeeId).toBe("HS0001");
        const { body } = await sync.rest("GET", "/v1/rebuilds/current", undefined, ["hr-admin"]);
        progress.push(Number(body.status.handled));
        return body.status.state === "REBUILD_STATE_SWITCHED" ? body.status : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: "the rebuild to switch over" },
    );
    expect(Number(done.handled)).toBe(Number(done.total));
    expect(done.recordsChanged).toBe(0);
    const rebuilt = await recordsOf(syncDb, done.generation);
    expect(rebuilt.map(({ _id, record }) => ({ _id, record }))).toEqual(
      live.map(({ _id, record }) => ({ _id, record })),
    );
    // After the switch the live consumer writes to the new generation.
    await recordPosting("HS0009", "hs9", "2025-04-01");
    await waitFor(async () => ((await rotation("HS0009").catch(() => undefined)) ? true : undefined), {
      timeoutMs: 60_000,
      what: "a posting projected after the switch",
    });
  }, 240_000);
});

describe("ids and dates outside the rule (README: Identifiers and dates)", () => {
  refusesBadIdsAndDates({
    valid: { employeeId: "HS0020", date: "2025-04-01" },
    dateField: "effectiveDate",
    rest: ({ employeeId, date, requestId }, path) => recordPosting(path(employeeId), requestId, date),
    grpc: ({ employeeId, date, requestId }) =>
      unary<syncV1.RecordPostingRequest, syncV1.RecordPostingResponse>(client.recordPosting, {
        requestId,
        employeeId,
        effectiveDate: date,
        department: "デジタルサービス局 総務部",
        post: "主事",
        kind: postingsV1.PostingKind.REGULAR_TRANSFER,
        rank: postingsV1.Rank.UNSPECIFIED,
      }),
    stored: (requestId) => sync.service.store.findByRequestId(requestId),
  });

  const dead = collectTopic(ns.topic("hr.sync.dlq.v1"), ns);

  /** A PostingRecorded as a producer that skipped the rules would publish it, straight onto the topic. */
  async function publishPosting(id: string, employeeId: string, effectiveDate: string) {
    const producer = kafka().producer();
    await producer.connect();
    const value = postingsV1.PostingRecorded.encode(
      postingsV1.PostingRecorded.fromPartial({
        employeeId,
        effectiveDate,
        postingId: `pst-${id}`,
        department: "デジタルサービス局 総務部",
        post: "主事",
        kind: postingsV1.PostingKind.REGULAR_TRANSFER,
      }),
    ).finish();
    await producer.send({
      topic: ns.topic("hr.postings.v1"),
      messages: [
        {
          key: employeeId,
          value: Buffer.from(value),
          headers: {
            ce_specversion: "1.0",
            ce_id: id,
            ce_source: "/e2e",
            ce_type: "hr.postings.v1.PostingRecorded",
            ce_subject: employeeId,
            ce_time: new Date().toISOString(),
            ce_effectivedate: effectiveDate,
            ce_sequence: "1",
            "content-type": "application/protobuf",
          },
        },
      ],
    });
    await producer.disconnect();
  }

  it("an event with such an id or date goes to the DLQ as invalid; the employee's records stay whole", async () => {
    const E = "HS0021";
    expect((await recordPosting(E, "hs21-a", "2025-04-01")).status).toBe(200);
    await publishPosting("bad-dot", "Z9.DOT9", "2025-04-01");
    await publishPosting("bad-nul", "Z9\u0000NUL", "2025-04-01");
    await publishPosting("bad-late", E, "9999-04-01");
    await publishPosting("bad-early", E, "0001-03-31");
    expect((await recordPosting(E, "hs21-b", "2026-04-01")).status).toBe(200);

    const reasons = await waitFor(
      async () => {
        const found = dead
          .map((m) => [headerStrings(m.headers).ce_id, headerStrings(m.headers).dlq_reason])
          .filter(([id]) => id?.startsWith("bad-"));
        return found.length >= 4 ? found : undefined;
      },
      { timeoutMs: 60_000, what: "4 dead letters" },
    );
    expect(reasons.sort()).toEqual([
      ["bad-dot", "invalid"],
      ["bad-early", "invalid"],
      ["bad-late", "invalid"],
      ["bad-nul", "invalid"],
    ]);
    const record = await waitFor(
      async () => {
        const r = await rotation(E, "2026-06-30").catch(() => undefined);
        return r?.assignments.length === 2 ? r : undefined;
      },
      { timeoutMs: 60_000, what: `both of ${E}'s postings` },
    );
    expect(record.assignments.map((a) => a.startedOn)).toEqual(["2025-04-01", "2026-04-01"]);
    // Nothing of the refused events reached the store: no fact, no record, no index entry.
    const client = new MongoClient(testInfra().mongoUri);
    try {
      const db = client.db(syncDb);
      const names = (await db.listCollections().toArray()).map((c) => c.name);
      for (const name of names.filter((n) => n.includes("facts"))) {
        for (const id of ["bad-dot", "bad-nul", "bad-late", "bad-early"]) {
          expect(await db.collection<{ _id: string }>(name).findOne({ _id: id }), `${name} ${id}`).toBeNull();
        }
      }
    } finally {
      await client.close();
    }
  });
});
