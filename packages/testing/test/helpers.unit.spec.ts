import { describe, expect, it } from "vitest";
import { testNamespace, waitFor } from "../src/index";

describe("testNamespace", () => {
  it("gives each call its own short id, database and topic prefix", () => {
    const a = testNamespace();
    const b = testNamespace();
    expect(a.id).toMatch(/^[0-9a-f]{8}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.dbName).toBe(`t${a.id}`);
    expect(a.topic("events")).toBe(`t${a.id}.events`);
  });
});

describe("waitFor", () => {
  it("returns the first defined value the probe gives", async () => {
    let calls = 0;
    const value = await waitFor(async () => (++calls >= 3 ? "ready" : undefined), {
      intervalMs: 1,
      what: "three calls",
    });
    expect(value).toBe("ready");
    expect(calls).toBe(3);
  });

  it("fails naming what it waited for, with the probe's last error", async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error("connection refused");
        },
        { timeoutMs: 30, intervalMs: 5, what: "the projection of E1" },
      ),
    ).rejects.toThrow(
      "timed out after 30ms waiting for the projection of E1 (last error: connection refused)",
    );
  });
});
