import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { signToken, startEventSourcedService } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { dropDatabase, serviceUnderTest, testInfra, testNamespace, waitFor } from "@hr/testing";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondmentService } from "../../secondment/src/secondment.service";
import { ChangeLog } from "../src/application/change-log";
import { Projector } from "../src/application/projector";
import {
  evaluationKey,
  type FactDocument,
  factChunkKey,
  RecordStore,
  rotationKey,
} from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION, employeeHistory, evaluationRecords, rotationTimeline } from "../src/domain";
import { hrSyncService } from "../src/hr-sync.service";
import { posting } from "./facts.fixtures";

/**
 * Years that drop out of an employee's records (issue 17 item 3) and employee ids the store could not use as
 * field names (item 11), against the real broker and store: postings recorded on hr-sync, secondments from
 * the real secondment service.
 */
const ns = testNamespace();
const syncDb = `${ns.dbName}_sync`;
const idsDb = `${ns.dbName}_ids`;
const kit = { start: startEventSourcedService, sign: signToken };
const secondment = serviceUnderTest(secondmentService, ns, { ...kit, dbName: `${ns.dbName}_sec` });
const sync = serviceUnderTest(hrSyncService, ns, { ...kit, dbName: syncDb });
let client: syncV1.HrSyncServiceClient;
let mongo: MongoClient;

beforeAll(async () => {
  client = new syncV1.HrSyncServiceClient(sync.service.grpcAddress, credentials.createInsecure());
  mongo = await new MongoClient(testInfra().mongoUri).connect();
});

afterAll(async () => {
  client?.close();
  await mongo?.close();
  await dropDatabase(testInfra().mongoUri, idsDb);
});

const evaluation = async (employeeId: string, fiscalYear: number) =>
  (await sync.rest("GET", `/v1/employees/${employeeId}/evaluation-records/${fiscalYear}`)).body.record;
const listed = async (fiscalYear: number, department: string) =>
  (
    await sync.rest(
      "GET",
      `/v1/evaluation-records?fiscalYear=${fiscalYear}&department=${encodeURIComponent(department)}`,
    )
  ).body.records.map((r: { employeeId: string }) => r.employeeId);
const employeeCount = async (fiscalYear: number, department: string) =>
  Number(
    (
      await sync.rest(
        "GET",
        `/v1/department-kpis?fiscalYear=${fiscalYear}&department=${encodeURIComponent(department)}`,
      )
    ).body.current.employeeCount,
  );
/** What GetEvaluationRecord answers for a year without facts, over gRPC. */
const emptied = (employeeId: string, fiscalYear: number) =>
  syncV1.EvaluationRecord.fromPartial({ employeeId, fiscalYear });

/** The change log's head now: WatchChanges after it reports only what follows. */
const head = async () => String(await new ChangeLog(mongo.db(syncDb)).head());

/** Evaluation records reported by WatchChanges after `afterCursor`, until `until` holds for one. */
async function watchUntil(afterCursor: string, until: (r: syncV1.EvaluationRecord) => boolean) {
  const md = new Metadata();
  md.set("authorization", `Bearer ${await sync.token()}`);
  const stream = client.watchChanges({ afterCursor }, md);
  return new Promise<syncV1.EvaluationRecord>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.cancel();
      reject(new Error("WatchChanges did not report the record within 30 s"));
    }, 30_000);
    stream.on("data", (change: syncV1.WatchChangesResponse) => {
      if (change.record?.$case === "evaluationRecord" && until(change.record.value)) {
        clearTimeout(timer);
        stream.cancel();
        resolve(change.record.value);
      }
    });
    stream.on("error", (e: ServiceError) => e.code !== status.CANCELLED && reject(e));
  });
}

const recordPosting = async (employeeId: string, requestId: string, effectiveDate: string, extra = {}) => {
  const reply = await sync.rest("POST", `/v1/employees/${employeeId}/postings`, {
    requestId,
    effectiveDate,
    department: "空白年度局 総務課",
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
    ...extra,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.postingId as string;
};

describe("a year that drops out of an employee's records", () => {
  it("a manager's voided posting empties the year of its evaluation at transfer: record, listing, KPIs and WatchChanges", async () => {
    const E = "EY0001";
    const DEPARTMENT = "空白年度局 財務課";
    // A section chief from FY2022, moved on 2024-04-01: an evaluation at transfer due 2024-03-31 makes FY2023.
    const manager = await recordPosting(E, "ey1-p1", "2022-04-01", {
      department: DEPARTMENT,
      rank: "RANK_SECTION_CHIEF",
    });
    await recordPosting(E, "ey1-p2", "2024-04-01");
    const fy2023 = await waitFor(
      async () => {
        const r = await evaluation(E, 2023);
        // The listing follows the record's write.
        return r?.evaluationsAtTransfer?.length && (await listed(2023, r.department)).length ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the FY2023 evaluation at transfer, listed" },
    );
    expect(fy2023.department).toBe(DEPARTMENT);
    expect(await listed(2023, DEPARTMENT)).toEqual([E]);
    expect(await employeeCount(2023, DEPARTMENT)).toBe(1);

    const after = await head();
    const voided = await sync.rest("POST", `/v1/employees/${E}/postings/${manager}/void`, {
      requestId: "ey1-void",
      reason: "POSTING_CORRECTION_REASON_WRONG_EMPLOYEE",
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);

    // No manager any more, so no evaluation at transfer: FY2023 has no facts and reads empty.
    const reported = await watchUntil(after, (r) => r.employeeId === E && r.fiscalYear === 2023);
    expect(reported).toEqual(emptied(E, 2023));
    const nobody = await evaluation("EY-NOBODY", 2023);
    expect(await evaluation(E, 2023)).toEqual({ ...nobody, employeeId: E });
    await waitFor(async () => ((await listed(2023, DEPARTMENT)).length === 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: "FY2023 out of the department's listing",
    });
    expect(await employeeCount(2023, DEPARTMENT)).toBe(0);
  });

  it("a secondment ended early empties the years after its end: record, listing, KPIs and WatchChanges", async () => {
    const S = "EY0002";
    await recordPosting(S, "ey2-p", "2027-04-01", { department: "空白年度局 出向課" });
    const started = await secondment.rest(
      "POST",
      `/v1/employees/${S}/secondment-starts`,
      {
        requestId: "ey2-s",
        homeDepartment: "Digital Services Bureau",
        homePost: "General Affairs Section, on secondment",
        hostId: "digital-agency",
        hostDepartment: "Citizen Services Group",
        hostTitle: "deputy section chief",
        startsOn: "2027-10-01",
        plannedEndOn: "2029-09-30",
      },
      ["hr-admin"],
    );
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const fy2029 = await waitFor(
      async () => {
        const r = await evaluation(S, 2029);
        return r?.secondmentMonths === 6 && (await listed(2029, r.department)).length ? r : undefined;
      },
      { timeoutMs: 60_000, what: "FY2029 with 6 months on secondment, listed" },
    );
    const department = fy2029.department as string;
    expect(await listed(2029, department)).toEqual([S]);
    expect(await employeeCount(2029, department)).toBe(1);

    const after = await head();
    const ended = await secondment.rest(
      "POST",
      `/v1/employees/${S}/secondments/${started.body.secondmentId}/end`,
      { requestId: "ey2-e", endedOn: "2028-06-30", reason: "END_REASON_EARLY_RETURN" },
      ["hr-admin"],
    );
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);

    const reported = await watchUntil(after, (r) => r.employeeId === S && r.fiscalYear === 2029);
    expect(reported).toEqual(emptied(S, 2029));
    expect(await evaluation(S, 2029)).toMatchObject({ secondmentMonths: 0, department: "" });
    await waitFor(async () => ((await listed(2029, department)).length === 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: "FY2029 out of the department's listing",
    });
    expect(await employeeCount(2029, department)).toBe(0);
    // The years still spanned keep their records.
    expect(await evaluation(S, 2028)).toMatchObject({ secondmentMonths: 3 });
  });

  it("the live records equal the records computed from the facts in order, and a rebuild's", async () => {
    const live = await recordsOf(mongo.db(syncDb), 1);
    expect(live.some((r) => r._id === "evaluation:EY0002:2028")).toBe(true);
    // A rebuild that applies the facts one by one passes through the emptied years too: the pure
    // projection of all the facts is the reference.
    expect(live).toEqual(await computedFromFacts(mongo.db(syncDb), 1));
    // A year that the projection before issue 17 left behind: the rebuild empties it, announced.
    const stale = { ...(await evaluation("EY0001", 2024)), fiscalYear: 2019 };
    await mongo
      .db(syncDb)
      .collection("g1_records")
      .insertOne({
        _id: "evaluation:EY0001:2019" as never,
        kind: "evaluation",
        employeeId: "EY0001",
        record: stale,
      });
    const after = await head();
    const started = await sync.rest("POST", "/v1/rebuilds", { requestId: "ey-rebuild" }, ["hr-admin"]);
    expect(started.status).toBe(200);
    const done = await waitFor(
      async () => {
        const { body } = await sync.rest("GET", "/v1/rebuilds/current", undefined, ["hr-admin"]);
        return body.status.state === "REBUILD_STATE_REPLAYING" ? undefined : body.status;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: "the rebuild to end" },
    );
    expect(done.state, done.error).toBe("REBUILD_STATE_SWITCHED");
    expect(done.recordsChanged).toBe(1);
    expect(await recordsOf(mongo.db(syncDb), done.generation)).toEqual(live);
    expect(await watchUntil(after, (r) => r.fiscalYear === 2019)).toEqual(emptied("EY0001", 2019));
  }, 180_000);
});

/** The records the pure projection computes from all facts of a generation, as stored. */
async function computedFromFacts(db: Db, generation: number) {
  const facts = await db.collection<FactDocument>(`g${generation}_facts`).find({}).toArray();
  const employees = [...new Set(facts.map((f) => f.employeeId))];
  return employees
    .flatMap((id) => {
      const history = employeeHistory(
        id,
        facts.filter((f) => f.employeeId === id),
      );
      return [
        { _id: rotationKey(id), record: rotationTimeline(history) as unknown },
        ...evaluationRecords(history, DEFAULT_CLASSIFICATION).map((record) => ({
          _id: evaluationKey(id, record.fiscalYear),
          record: record as unknown,
        })),
      ];
    })
    .sort((a, b) => (a._id < b._id ? -1 : 1));
}

/** Every record document of a generation, sorted, for comparing two projections. */
async function recordsOf(db: Db, generation: number) {
  const docs = await db.collection(`g${generation}_records`).find({}).toArray();
  return docs
    .map(({ _id, record }) => ({ _id: String(_id), record }))
    .sort((a, b) => (a._id < b._id ? -1 : 1));
}

describe("the store layout takes any employee id", () => {
  /** A fact of `employeeId` as the consumer keeps it, on partition 0. */
  const factDoc = (employeeId: string, fact: ReturnType<typeof posting>): FactDocument => ({
    ...fact,
    employeeId,
    data: { ...fact.data, employeeId },
    _id: fact.id,
    topic: "hr.postings.v1",
    partition: 0,
    offset: "0",
  });

  it("an employee id with '.', '$' and ':' keeps every fact: the index has no field name from input", async () => {
    const store = new RecordStore(mongo.db(idsDb), 1, 1);
    const projector = new Projector(store, DEFAULT_CLASSIFICATION);
    for (const id of ["Z9.DOT9", "$Z9", "Z9:a.b"]) {
      await projector.project(factDoc(id, posting(`${id}-p1`, "2025-04-01")));
      await projector.project(factDoc(id, posting(`${id}-p2`, "2026-04-01")));
      expect((await store.rotation(id))?.assignments.map((a) => a.startedOn)).toEqual([
        "2025-04-01",
        "2026-04-01",
      ]);
      expect((await store.evaluation(id, 2025))?.department).toBe("総務局 人事部");
      expect(await store.departmentMembers(2026, "総務局 人事部")).toContain(id);
    }
  });

  it("an index stored in the former shape (maps keyed by record key and year) is read and rewritten", async () => {
    const store = new RecordStore(mongo.db(idsDb), 2, 1);
    const projector = new Projector(store, DEFAULT_CLASSIFICATION);
    const L = "LEGACY1";
    // A manager moved on 2024-04-01 (FY2023 from the evaluation at transfer), then the index as it was stored.
    const p1 = factDoc(L, posting("leg-p1", "2022-04-01", { rank: "RANK_SECTION_CHIEF" }));
    const p2 = factDoc(L, posting("leg-p2", "2024-04-01", { department: "財務局" }));
    await projector.project(p1);
    await projector.project(p2);
    const index = await store.employees.findOne({ _id: L });
    expect(index?.years.map((y) => y.fiscalYear)).toEqual([2022, 2023, 2024]);
    await store.factChunks.deleteOne({ _id: factChunkKey(L, 0) });
    await store.employees.replaceOne({ _id: L }, {
      factIds: [p1.id, p2.id],
      recordHashes: {
        [`rotation:${L}`]: index!.rotationHash!,
        ...Object.fromEntries(index!.years.map((y) => [`evaluation:${L}:${y.fiscalYear}`, y.hash])),
      },
      departments: Object.fromEntries(index!.years.map((y) => [String(y.fiscalYear), y.department])),
    } as never);

    const voided = posting("leg-v", "2022-04-01", { postingId: "leg-p1" });
    await projector.project(factDoc(L, { ...voided, type: "hr.postings.v1.PostingVoided" }));
    expect(await store.evaluation(L, 2023)).toBeUndefined();
    expect(await store.departmentMembers(2023, "総務局 人事部")).not.toContain(L);
    const rewritten = await store.employees.findOne({ _id: L });
    expect(rewritten).not.toHaveProperty("recordHashes");
    expect(rewritten).toMatchObject({ factCount: 3 });
    expect(rewritten?.years.map((y) => y.fiscalYear)).toEqual([2022, 2024]);
  });
});
