import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { signToken, startEventSourcedService } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { serviceUnderTest, statusDetails, TEST_AUTH_SECRET, testNamespace } from "@hr/testing";
import { describe, expect, it } from "vitest";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Live updates as a caller meets them, the pages' (`GET /pages/changes`, server-sent events) and gRPC
 * WatchChanges: a stream ends when the token expires, and a caller holds only a few at once.
 */
const ns = testNamespace();
const sync = serviceUnderTest(hrSyncService, ns, { start: startEventSourcedService, sign: signToken });

const bearer = (subject: string, ttl = "1h") =>
  signToken(TEST_AUTH_SECRET, { subject, roles: ["hr-core"], ttl });

/** Opens a live-update stream of an employee page with this token. */
async function open(token: string, signal?: AbortSignal) {
  return fetch(`${sync.service.httpUrl}/pages/changes?employeeId=LS0001`, {
    headers: { authorization: `Bearer ${token}` },
    ...(signal ? { signal } : {}),
  });
}

/** Everything the stream sends until the server ends it. */
async function readToEnd(response: Response): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
  return text;
}

describe("live-update streams of the pages", () => {
  it("end when the caller's token expires, telling the page so", async () => {
    const started = Date.now();
    const response = await open(await bearer("brief", "2s"));
    expect(response.status).toBe(200);
    const text = await readToEnd(response);
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(text).toContain("event: expired");
  });

  it("are at most a few per caller (429 with Retry-After beyond), others unaffected, and a closed one frees its place", async () => {
    const token = await bearer("many-tabs");
    const tabs = Array.from({ length: 4 }, () => new AbortController());
    const opened = await Promise.all(tabs.map((tab) => open(token, tab.signal)));
    try {
      expect(opened.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const fifth = await open(token);
      expect(fifth.status).toBe(429);
      expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const someoneElse = new AbortController();
      expect((await open(await bearer("other-caller"), someoneElse.signal)).status).toBe(200);
      someoneElse.abort();

      tabs[0]!.abort();
      // A closed stream frees its place as soon as the server sees the connection go (generous under load).
      await expect
        .poll(
          async () => {
            const again = new AbortController();
            const status = (await open(token, again.signal)).status;
            again.abort();
            return status;
          },
          { timeout: 10_000 },
        )
        .toBe(200);
    } finally {
      for (const tab of tabs) tab.abort();
    }
  });
});

describe("WatchChanges calls", () => {
  /** A WatchChanges call from the start of the log: "open" once a change arrives, else the status that ended it. */
  async function watch(client: syncV1.HrSyncServiceClient, subject: string) {
    const metadata = new Metadata();
    metadata.set("authorization", `Bearer ${await bearer(subject)}`);
    const call = client.watchChanges({ afterCursor: "" }, metadata);
    const outcome = new Promise<"open" | ServiceError>((resolve) => {
      call.once("data", () => resolve("open"));
      call.on("error", resolve);
    });
    return { call, outcome };
  }

  it("share the caller's few places with the pages' streams: RESOURCE_EXHAUSTED with RetryInfo beyond, others unaffected, a cancelled one frees its place", async () => {
    const posted = await sync.rest("POST", "/v1/employees/LS0002/postings", {
      requestId: "ls-watch-1",
      effectiveDate: "2024-04-01",
      department: "デジタルサービス局",
      post: "主事",
      kind: "POSTING_KIND_REGULAR_TRANSFER",
    });
    expect(posted.status).toBe(200);
    const client = new syncV1.HrSyncServiceClient(sync.service.grpcAddress, credentials.createInsecure());
    const held = await Promise.all(Array.from({ length: 4 }, () => watch(client, "sync-system")));
    try {
      // Each has its place once the posting's change reaches it.
      expect(await Promise.all(held.map((w) => w.outcome))).toEqual(["open", "open", "open", "open"]);

      const fifth = (await (await watch(client, "sync-system")).outcome) as ServiceError;
      expect(fifth.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(fifth.details).toMatch(/at most 4 live-update streams per caller/);
      expect(statusDetails(fifth)?.retryInfo?.retryDelay).toBeDefined();
      expect((await open(await bearer("sync-system"))).status).toBe(429);

      const other = await watch(client, "another-system");
      expect(await other.outcome).toBe("open");
      other.call.cancel();

      held[0]!.call.cancel();
      await expect
        .poll(
          async () => {
            const again = await watch(client, "sync-system");
            const outcome = await again.outcome;
            again.call.cancel();
            return outcome === "open" ? "open" : outcome.code;
          },
          { timeout: 10_000 },
        )
        .toBe("open");
    } finally {
      for (const w of held) w.call.cancel();
      client.close();
    }
  }, 90_000);
});
