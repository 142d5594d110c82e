import { signToken, startEventSourcedService } from "@hr/kit";
import { serviceUnderTest, TEST_AUTH_SECRET, testNamespace } from "@hr/testing";
import { describe, expect, it } from "vitest";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * The pages' live updates (`GET /pages/changes`, server-sent events) as a caller meets them: a stream
 * ends when the token expires, and a caller holds only a few at once.
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
      await expect
        .poll(async () => {
          const again = new AbortController();
          const status = (await open(token, again.signal)).status;
          again.abort();
          return status;
        })
        .toBe(200);
    } finally {
      for (const tab of tabs) tab.abort();
    }
  });
});
