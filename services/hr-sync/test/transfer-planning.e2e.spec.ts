import { signToken, startEventSourcedService } from "@hr/kit";
import { serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Transfer planning (issue 21) against the real broker and store: postings recorded, corrected and voided
 * over REST reach the due list and the candidates through the topic and the projector's read models, and a
 * rebuild gives the same answers.
 */
const ns = testNamespace();
const sync = serviceUnderTest(hrSyncService, ns, { start: startEventSourcedService, sign: signToken });
const D = "計画局 人事課";
const dept = encodeURIComponent(D);

async function post(employeeId: string, effectiveDate: string, rank: string, requestId: string) {
  const r = await sync.rest("POST", `/v1/employees/${employeeId}/postings`, {
    requestId,
    effectiveDate,
    department: D,
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
    rank,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return String(r.body.postingId);
}

const due = async () => {
  const r = await sync.rest("GET", `/v1/due-for-rotation?fiscalYear=2026&department=${dept}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    employees: Array<{ employeeId: string; post: { inPostSince: string } }>;
    totalSize: number;
  };
};
const dueIds = async () => (await due()).employees.map((e) => e.employeeId);
const chiefs = async () => {
  const r = await sync.rest("POST", "/v1/candidate-searches", {
    fiscalYear: 2026,
    minRank: "RANK_CHIEF",
    department: D,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    candidates: Array<{
      facts: { employeeId: string };
      requirements: Array<{ met: boolean; evidence: unknown[] }>;
    }>;
  };
};
const chiefIds = async () => (await chiefs()).candidates.map((c) => c.facts.employeeId);
const settle = <T>(read: () => Promise<T>, expected: T, what: string) =>
  waitFor(async () => (JSON.stringify(await read()) === JSON.stringify(expected) ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 200,
    what,
  });

describe("transfer planning through the real stack", () => {
  let t2Posting = "";
  let t3Later = "";

  it("postings make the due list and the candidates (longest in post first)", async () => {
    await post("TP1", "2022-04-01", "RANK_CHIEF", "tp-1");
    t2Posting = await post("TP2", "2023-04-01", "RANK_STAFF", "tp-2");
    await post("TP3", "2019-04-01", "RANK_STAFF", "tp-3a");
    t3Later = await post("TP3", "2024-04-01", "RANK_STAFF", "tp-3b");
    await settle(dueIds, ["TP1", "TP2"], "TP1 and TP2 due in FY2026");
    expect((await due()).employees[0]?.post.inPostSince).toBe("2022-04-01");
    expect(await chiefIds()).toEqual(["TP1"]);
    const [found] = (await chiefs()).candidates;
    expect(found?.requirements[0]?.met).toBe(true);
    expect(found?.requirements[0]?.evidence).toHaveLength(1);
  }, 90_000);

  it("a correction moves an employee out of the due list and into the candidates", async () => {
    const corrected = await sync.rest("POST", `/v1/employees/TP2/postings/${t2Posting}/corrections`, {
      requestId: "tp-2c",
      effectiveDate: "2024-04-01",
      department: D,
      post: "主任",
      kind: "POSTING_KIND_REGULAR_TRANSFER",
      rank: "RANK_CHIEF",
      reason: "POSTING_CORRECTION_REASON_WRONG_DATE",
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    await settle(dueIds, ["TP1"], "TP2 no longer due");
    await settle(chiefIds, ["TP1", "TP2"], "TP2 a chief candidate, after TP1 (shorter in post)");
  }, 90_000);

  it("a voiding brings the post before back: due again", async () => {
    const voided = await sync.rest("POST", `/v1/employees/TP3/postings/${t3Later}/void`, {
      requestId: "tp-3v",
      reason: "POSTING_CORRECTION_REASON_DUPLICATE",
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    await settle(dueIds, ["TP3", "TP1"], "TP3 due since 2019");
  }, 90_000);

  it("the CSV has the due list; employees are refused", async () => {
    const response = await fetch(
      `${sync.service.httpUrl}/v1/due-for-rotation.csv?fiscalYear=2026&department=${dept}`,
      { headers: { authorization: `Bearer ${await sync.token()}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.employee_id, r.department, r.in_post_since])).toEqual([
      ["TP3", D, "2019-04-01"],
      ["TP1", D, "2022-04-01"],
    ]);
    const refused = await sync.rest("GET", "/v1/due-for-rotation?fiscalYear=2026", undefined, ["employee"]);
    expect(refused.status).toBe(403);
    const bad = await sync.rest("GET", "/v1/due-for-rotation?fiscalYear=2026&pageToken=xyz");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("pageToken");
  });

  it("a rebuild gives the same answers", async () => {
    const before = { due: await due(), chiefs: await chiefs() };
    const started = await sync.rest("POST", "/v1/rebuilds", { requestId: "tp-rebuild" }, ["hr-admin"]);
    expect(started.status).toBe(200);
    const done = await waitFor(
      async () => {
        const { body } = await sync.rest("GET", "/v1/rebuilds/current", undefined, ["hr-admin"]);
        return body.status.state === "REBUILD_STATE_REPLAYING" ? undefined : body.status;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: "the rebuild to end" },
    );
    expect(done.state, done.error).toBe("REBUILD_STATE_SWITCHED");
    expect(done.generation).toBe(2);
    expect({ due: await due(), chiefs: await chiefs() }).toEqual(before);
  }, 180_000);
});
