import { credentials, Metadata } from "@grpc/grpc-js";
import { signToken, startEventSourcedService } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { serviceUnderTest, testInfra, testNamespace } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog } from "../src/application/change-log";
import { departmentKey, evaluationKey } from "../src/application/record-store";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Records stay in the store for years while the contract grows: a record stored before a field was added
 * (here `target_role`, `survey_effects` and a certification's `exam_fee_subsidised`), or with a field the
 * store kept as null (an absent optional message written as `undefined`, as `./run bench --seed` stored its
 * records), is still served over gRPC, in listings, the CSV and on WatchChanges. Before, gRPC answered
 * `13 INTERNAL: Error serializing response` for them (issue 19 item 6).
 */
const ns = testNamespace();
const syncDb = `${ns.dbName}_sync`;
const sync = serviceUnderTest(hrSyncService, ns, {
  start: startEventSourcedService,
  sign: signToken,
  dbName: syncDb,
});
const DEPARTMENT = "デジタルサービス局";
const FY = 2019;
let client: syncV1.HrSyncServiceClient;
let mongo: MongoClient;

/** An evaluation record as an earlier hr-sync wrote it: fields added since are missing. */
const older = (employeeId: string) => ({
  employeeId,
  fiscalYear: FY,
  secondmentMonths: 0,
  skillLevelChanges: [],
  department: DEPARTMENT,
  rank: "RANK_STAFF",
  completionList: [],
  completionCount: 0,
  trainingHours: 0,
  certificationList: [
    {
      certificationId: "c-1",
      certificationCode: "AWS-SAA",
      certificationName: "",
      acquiredOn: "2019-10-01",
      evidence: [
        { eventId: "e-1", eventType: "hr.training.v1.CertificationRecorded", effectiveDate: "2019-10-01" },
      ],
    },
  ],
  subsidies: [],
  skillLevels: [],
  secondmentMonthsByHostKind: [],
  overseasTrainingSteps: [],
  jobTypeChanges: [],
  evaluationsAtTransfer: [],
});

beforeAll(async () => {
  client = new syncV1.HrSyncServiceClient(sync.service.grpcAddress, credentials.createInsecure());
  mongo = await new MongoClient(testInfra().mongoUri).connect();
  const db = mongo.db(syncDb);
  const stored = [
    { employeeId: "OLD1", record: older("OLD1") },
    // As `--seed` stored it: the absent target role written as undefined, kept by the store as null.
    { employeeId: "NUL1", record: { ...older("NUL1"), surveyEffects: [], targetRole: null } },
  ];
  await db.collection("g1_records").insertMany(
    stored.map(({ employeeId, record }) => ({
      _id: evaluationKey(employeeId, FY),
      kind: "evaluation",
      employeeId,
      record,
    })) as never[],
  );
  await db.collection("g1_departments").insertOne({
    _id: departmentKey(FY, DEPARTMENT, 0),
    fiscalYear: FY,
    department: DEPARTMENT,
    partition: 0,
    employeeIds: ["NUL1", "OLD1"],
  } as never);
  await db.collection("hr_sync_changes").insertOne({
    _id: "1".padStart(15, "0"),
    cause: "older",
    changedAt: new Date().toISOString(),
    change: { recordKey: evaluationKey("OLD1", FY), kind: "evaluation", record: stored[1]!.record },
  } as never);
});

afterAll(async () => {
  client?.close();
  await mongo?.close();
});

const metadata = async () => {
  const md = new Metadata();
  md.set("authorization", `Bearer ${await sync.token()}`);
  return md;
};

describe("records stored before a field was added", () => {
  it.each(["OLD1", "NUL1"])(
    "are served by GetEvaluationRecord over gRPC (%s), the new fields at their defaults",
    async (employeeId) => {
      const md = await metadata();
      const reply = await new Promise<syncV1.GetEvaluationRecordResponse>((resolve, reject) =>
        client.getEvaluationRecord({ employeeId, fiscalYear: FY }, md, (e, r) =>
          e ? reject(e) : resolve(r),
        ),
      );
      expect(reply.record).toEqual(
        syncV1.EvaluationRecord.fromPartial({
          ...older(employeeId),
          rank: "RANK_STAFF" as never,
          certificationList: [{ ...older(employeeId).certificationList[0]!, examFeeSubsidised: false }],
        }),
      );
    },
  );

  it("are listed and counted, over REST and gRPC", async () => {
    const q = `fiscalYear=${FY}&department=${encodeURIComponent(DEPARTMENT)}`;
    const listed = await sync.rest("GET", `/v1/evaluation-records?${q}`);
    expect(listed.status).toBe(200);
    expect(listed.body.records.map((r: { employeeId: string }) => r.employeeId)).toEqual(["NUL1", "OLD1"]);
    const kpis = await sync.rest("GET", `/v1/department-kpis?${q}`);
    expect(Number(kpis.body.current.employeeCount)).toBe(2);
    const md = await metadata();
    const list = await new Promise<syncV1.ListEvaluationRecordsResponse>((resolve, reject) =>
      client.listEvaluationRecords(
        { fiscalYear: FY, department: DEPARTMENT, pageSize: 10, pageToken: "" },
        md,
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
    expect(list.records.map((r) => r.certificationList[0]?.certificationCode)).toEqual([
      "AWS-SAA",
      "AWS-SAA",
    ]);
  });

  it("are reported on WatchChanges as they were logged", async () => {
    const stream = client.watchChanges({ afterCursor: "" }, await metadata());
    const first = await new Promise<syncV1.WatchChangesResponse>((resolve, reject) => {
      stream.on("data", resolve);
      stream.on("error", reject);
    });
    stream.cancel();
    expect(first.cursor).toBe("1");
    expect(first.record?.$case === "evaluationRecord" && first.record.value.targetRole).toBeUndefined();
    expect(await new ChangeLog(mongo.db(syncDb)).head()).toBe(1);
  });
});
