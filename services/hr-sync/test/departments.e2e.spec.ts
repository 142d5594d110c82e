import { signToken, startEventSourcedService } from "@hr/kit";
import { collectTopic, serviceUnderTest, testInfra, testNamespace, waitFor } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { secondmentService } from "../../secondment/src/secondment.service";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Which department and day a record counts for, over hr-sync's real REST API against the run's real broker
 * and store: postings recorded on hr-sync (published on hr.postings.v1 and projected back from there) and
 * secondments from the real secondment service.
 */
const ns = testNamespace();
const kit = { start: startEventSourcedService, sign: signToken };
const secondment = serviceUnderTest(secondmentService, ns, { ...kit, dbName: `${ns.dbName}_sec` });
const sync = serviceUnderTest(hrSyncService, ns, { ...kit, dbName: `${ns.dbName}_sync` });
const postings = collectTopic(ns.topic("hr.postings.v1"), ns);

const recordPosting = async (
  employeeId: string,
  requestId: string,
  effectiveDate: string,
  department: string,
) => {
  const reply = await sync.rest("POST", `/v1/employees/${employeeId}/postings`, {
    requestId,
    effectiveDate,
    department,
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
  });
  expect(reply.status).toBe(200);
};

/** The employee ids of a department's listing for a year (ListEvaluationRecords) and its headcount (KPIs). */
async function listed(fiscalYear: number, department: string) {
  const query = `fiscalYear=${fiscalYear}&department=${encodeURIComponent(department)}`;
  const list = await sync.rest("GET", `/v1/evaluation-records?${query}`);
  const kpis = await sync.rest("GET", `/v1/department-kpis?${query}`);
  expect([list.status, kpis.status]).toEqual([200, 200]);
  return {
    ids: (list.body.records as Array<{ employeeId: string; department: string }>).map((r) => r.employeeId),
    employeeCount: kpis.body.current.employeeCount as number,
  };
}

const waitListed = (fiscalYear: number, department: string, employeeId: string) =>
  waitFor(
    async () => {
      const found = await listed(fiscalYear, department);
      return found.ids.includes(employeeId) ? found : undefined;
    },
    { timeoutMs: 30_000, what: `${employeeId} in the FY${fiscalYear} listing of ${department}` },
  );

afterEach(() => {
  vi.useRealTimers();
});

describe("today is Japan's date", () => {
  it("from 00:00 to 09:00 JST on 1 April (still 31 March in UTC) the default rotation record is as of 1 April", async () => {
    const E = "DP0001";
    await recordPosting(E, "dp1-p1", "2025-04-01", "建設局");
    await recordPosting(E, "dp1-p2", "2026-04-01", "デジタルサービス局");
    await waitFor(
      async () => {
        const r = await sync.rest("GET", `/v1/employees/${E}/rotation-record?asOf=2026-04-01`);
        return r.body?.record?.assignments?.length === 2 ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the rotation record of both postings" },
    );
    // 00:30 JST on 1 April 2026: the clock of the process (the service runs in it) reads 15:30 UTC on 31 March.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-31T15:30:00Z") });
    const reply = await sync.rest("GET", `/v1/employees/${E}/rotation-record`);
    vi.useRealTimers();
    expect(reply.status).toBe(200);
    expect(reply.body.record.asOf).toBe("2026-04-01");
    expect(reply.body.record.currentStatus.department).toBe("デジタルサービス局");
  });
});

describe("the stream id on the wire", () => {
  it("each event on hr.postings.v1 carries ce_streamid, and hr-sync's fact keeps it to order the stream by sequence", async () => {
    const E = "DP0002";
    await recordPosting(E, "dp2-p1", "2024-04-01", "建設局");
    const message = await waitFor(async () => postings.find((m) => m.key?.toString() === E), {
      timeoutMs: 60_000,
      what: "the posting on hr.postings.v1",
    });
    const id = message?.headers?.ce_id?.toString() ?? "";
    expect(message?.headers?.ce_streamid?.toString()).toMatch(new RegExp(`${E}$`));
    expect(message?.headers?.ce_sequence?.toString()).toBe("1");
    const mongo = new MongoClient(testInfra().mongoUri);
    try {
      const stored = await waitFor(
        () =>
          mongo
            .db(`${ns.dbName}_sync`)
            .collection<{ _id: string }>("g1_facts")
            .findOne({ _id: id })
            .then((doc) => doc ?? undefined),
        { timeoutMs: 60_000, what: "the fact in hr-sync's store" },
      );
      expect(stored).toMatchObject({ streamId: message?.headers?.ce_streamid?.toString(), sequence: 1 });
    } finally {
      await mongo.close();
    }
  });
});

describe("department listings", () => {
  it("a year in post without a fact of its own (FY2023 between postings of 2022 and 2024) is in its department's listing and headcount", async () => {
    const E = "DP0003";
    await recordPosting(E, "dp3-p1", "2021-04-01", "建設局");
    await recordPosting(E, "dp3-p2", "2022-04-01", "財務局 主計部");
    await recordPosting(E, "dp3-p3", "2024-04-01", "デジタルサービス局 総務部");
    expect(await waitListed(2023, "財務局 主計部", E)).toEqual({ ids: [E], employeeCount: 1 });
    const record = await sync.rest("GET", `/v1/employees/${E}/evaluation-records/2023`);
    expect(record.body.record).toMatchObject({ fiscalYear: 2023, department: "財務局 主計部" });
  });

  it("a year spent on secondment at GovTech Tokyo counts for the home post's department, not the last posting's", async () => {
    const E = "DP0004";
    await recordPosting(E, "dp4-p1", "2023-04-01", "財務局 経理部");
    const started = await secondment.rest(
      "POST",
      `/v1/employees/${E}/secondment-starts`,
      {
        requestId: "dp4-s",
        homeDepartment: "デジタルサービス局 総務課",
        homePost: "総務部付（派遣）",
        hostId: "govtech-tokyo",
        hostDepartment: "Platform Group",
        hostTitle: "deputy group leader",
        startsOn: "2024-04-01",
        plannedEndOn: "2026-03-31",
      },
      ["hr-admin"],
    );
    expect(started.status).toBe(200);
    expect(await waitListed(2024, "デジタルサービス局 総務課", E)).toEqual({ ids: [E], employeeCount: 1 });
    expect((await listed(2024, "財務局 経理部")).ids).not.toContain(E);
    expect((await listed(2023, "財務局 経理部")).ids).toEqual([E]);
  });
});
