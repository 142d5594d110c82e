import { signToken, startEventSourcedService } from "@hr/kit";
import { collectTopic, serviceUnderTest, testInfra, testNamespace, waitFor } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Which department and day a record counts for, over hr-sync's real REST API against the run's real broker
 * and store: postings recorded on hr-sync (published on hr.postings.v1 and projected back from there).
 */
const ns = testNamespace();
const kit = { start: startEventSourcedService, sign: signToken };
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
