import { replayTopics, signToken, silentLogger, startEventSourcedService } from "@hr/kit";
import { dropDatabase, serviceUnderTest, testInfra, testNamespace, waitFor } from "@hr/testing";
import { AssignerProtocol, Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skillsService } from "../../skills/src/skills.service";
import { CONSUMED_TOPICS, consumedEventsCodec, DLQ_TOPIC } from "../src/api/events.codec";
import { ChangeLog } from "../src/application/change-log";
import { projectionGroupId } from "../src/application/projection.worker";
import { Projector } from "../src/application/projector";
import { RecordStore } from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION, departmentKpis } from "../src/domain";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Two hr-sync instances in one consumer group, fed by the real skills service and by postings recorded on
 * either instance, project exactly what one instance projects from the same topics: records, department
 * listings (sharded by partition), KPIs, and one gap-free change log.
 */
const ns = testNamespace();
const syncDb = `${ns.dbName}_sync`;
const oneDb = `${ns.dbName}_one`;
// The test topics' partition count (serviceOverrides): odd, so that Kafka's round-robin assignor would
// split partition p of the four topics between the two instances.
const PARTITIONS = 3;
const DEPARTMENTS = ["総務局 人事部", "デジタルサービス局 開発部", "主税局 徴収部"];
const EMPLOYEES = Array.from({ length: 16 }, (_, i) => `SC${String(i + 1).padStart(3, "0")}`);
const FISCAL_YEARS = [2023, 2024];

const kit = { start: startEventSourcedService, sign: signToken };
const skills = serviceUnderTest(skillsService, ns, kit);
// Two instances of one deployment: one database, one consumer group.
const instances = [0, 1].map(() => serviceUnderTest(hrSyncService, ns, { ...kit, dbName: syncDb }));
let mongo: MongoClient;
const kafka = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });

beforeAll(async () => {
  mongo = await new MongoClient(testInfra().mongoUri).connect();
});

afterAll(async () => {
  await mongo?.close();
  await dropDatabase(testInfra().mongoUri, oneDb);
});

/** Every employee hired (skills) and posted each fiscal year; a third move department within 2024. */
async function produceCareers() {
  await Promise.all(
    EMPLOYEES.map(async (employeeId, i) => {
      const hired = await skills.rest("POST", `/v1/employees/${employeeId}/job-type-changes`, {
        requestId: `${employeeId}-hire`,
        toJobType: i % 2 ? "ICT" : "ELECTRICAL",
        effectiveDate: "2023-04-01",
        basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
      });
      expect(hired.status).toBe(200);
      const postings = [
        ["2023-04-01", DEPARTMENTS[i % 3]],
        ["2024-04-01", DEPARTMENTS[(i + 1) % 3]],
        ...(i % 3 === 0 ? [["2024-10-01", DEPARTMENTS[(i + 2) % 3]]] : []),
      ];
      for (const [effectiveDate, department] of postings) {
        // Recorded on either instance: both publish on hr.postings.v1 and both consume.
        const posted = await instances[i % 2]!.rest("POST", `/v1/employees/${employeeId}/postings`, {
          requestId: `${employeeId}-${effectiveDate}`,
          effectiveDate,
          department,
          post: "主事",
          kind: "POSTING_KIND_REGULAR_TRANSFER",
        });
        expect(posted.status).toBe(200);
      }
    }),
  );
}

/** What one instance projects: a single consumer replays the four topics into its own store. */
async function projectedByOneInstance(): Promise<RecordStore> {
  const store = new RecordStore(mongo.db(oneDb), 1, PARTITIONS);
  const projector = new Projector(store, DEFAULT_CLASSIFICATION);
  const producer = kafka.producer();
  await producer.connect();
  await replayTopics({
    kafka,
    topics: CONSUMED_TOPICS.map((t) => ns.topic(t)),
    codec: consumedEventsCodec,
    handle: projector.handle,
    deadLetter: { topic: ns.topic(DLQ_TOPIC), producer },
    logger: silentLogger,
    groupPrefix: ns.topic("one-instance"),
  });
  await producer.disconnect();
  return store;
}

/** Everything a reader sees, read from a store: records, listings and KPIs per department and year. */
async function view(store: RecordStore) {
  const records = await Promise.all(
    EMPLOYEES.map(async (id) => ({
      rotation: await store.rotation(id),
      evaluations: await Promise.all(FISCAL_YEARS.map((fy) => store.evaluation(id, fy))),
    })),
  );
  const departments = await Promise.all(
    FISCAL_YEARS.flatMap((fy) =>
      DEPARTMENTS.map(async (department) => {
        const members = await store.departmentMembers(fy, department);
        return {
          fy,
          department,
          members,
          kpis: departmentKpis(department, fy, await store.evaluations(members, fy)),
        };
      }),
    ),
  );
  return { records, departments };
}

describe("two hr-sync instances in one consumer group", () => {
  it("split the partitions co-partitioned: partition p of all four topics to one instance", async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const members = await waitFor(
        async () => {
          const { groups } = await admin.describeGroups([projectionGroupId(ns.topic(""))]);
          const group = groups[0];
          return group?.state === "Stable" && group.members.length === 2 ? group.members : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500, what: "both instances in the group" },
      );
      const assignments = members.map(
        (m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)!.assignment,
      );
      for (const assignment of assignments) {
        const [first, ...others] = CONSUMED_TOPICS.map((t) => assignment[ns.topic(t)] ?? []);
        expect(first!.length).toBeGreaterThan(0);
        for (const partitions of others) expect(partitions).toEqual(first);
      }
      const owned = assignments.flatMap((a) => a[ns.topic(CONSUMED_TOPICS[0]!)] ?? []).sort();
      expect(owned).toEqual([0, 1, 2]);
    } finally {
      await admin.disconnect();
    }
  }, 120_000);

  it("project the same records, listings and KPIs as one instance, and one gap-free change log", async () => {
    await produceCareers();
    const live = new RecordStore(mongo.db(syncDb), 1, PARTITIONS);
    // Every employee listed in their last 2024 department: the live projection has caught up.
    await waitFor(
      async () => {
        const listed = await Promise.all(DEPARTMENTS.map((d) => live.departmentMembers(2024, d)));
        return listed.flat().length === EMPLOYEES.length &&
          listed.flat().every((id) => EMPLOYEES.includes(id))
          ? true
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: "every employee listed for 2024" },
    );
    const one = await view(await projectedByOneInstance());
    expect(one.departments.some((d) => d.kpis.employeeCount > 0)).toBe(true);
    // Equal once the live instances have applied every event (polled: they may still be finishing).
    await waitFor(async () => (JSON.stringify(await view(live)) === JSON.stringify(one) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: "the two instances' records equal to one instance's",
    });
    expect(await view(live)).toEqual(one);
    // Both instances' listings are written: shards of several partitions exist.
    const shards = await live.departments.find({}).toArray();
    expect(new Set(shards.map((s) => s.partition)).size).toBeGreaterThan(1);

    // The change log both instances append to: positions 1..head, each cause once, and the last change
    // of every record is the record as stored.
    const log = new ChangeLog(mongo.db(syncDb));
    const head = await log.head();
    const changes = await Promise.all(Array.from({ length: head }, (_, i) => log.at(i + 1)));
    expect(changes.every((c) => c !== undefined)).toBe(true);
    expect(await log.at(head + 1)).toBeUndefined();
    const last = new Map(changes.map((c) => [c!.change.recordKey, c!.change.record]));
    for (const employeeId of EMPLOYEES) {
      expect(last.get(`rotation:${employeeId}`)).toEqual(await live.rotation(employeeId));
      for (const fy of FISCAL_YEARS) {
        expect(last.get(`evaluation:${employeeId}:${fy}`)).toEqual(await live.evaluation(employeeId, fy));
      }
    }
  }, 300_000);

  it("refuses to start a rebuild while several instances consume (a second writer beside the replay could lose a fact)", async () => {
    const refused = await instances[0]!.rest("POST", "/v1/rebuilds", { requestId: "scale-rebuild" }, [
      "hr-admin",
    ]);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain("REBUILD_NEEDS_ONE_INSTANCE");
  });
});
