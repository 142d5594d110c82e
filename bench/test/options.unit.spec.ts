import { describe, expect, it } from "vitest";
import { parseOptions } from "../src/options";

describe("parseOptions", () => {
  it("has defaults that finish within a few minutes on two cores", () => {
    expect(parseOptions([])).toEqual({
      events: 300,
      concurrency: 8,
      partitions: 6,
      timeoutMs: 600_000,
      seed: 0,
      rate: 0,
      reads: 1000,
      readRate: 50,
    });
  });
  it("reads the flags", () => {
    expect(parseOptions(["--events", "50", "--concurrency", "2", "--timeout", "60"])).toMatchObject({
      events: 50,
      concurrency: 2,
      timeoutMs: 60_000,
    });
  });
  it("reads the history to seed and an open-loop rate", () => {
    expect(parseOptions(["--seed", "100000", "--rate", "200"])).toMatchObject({ seed: 100_000, rate: 200 });
    expect(() => parseOptions(["--rate", "-1"])).toThrow(/--rate/);
  });
  it("reads the read stage's calls and rate", () => {
    expect(parseOptions(["--reads", "200", "--read-rate", "20"])).toMatchObject({ reads: 200, readRate: 20 });
    expect(() => parseOptions(["--read-rate", "0"])).toThrow(/--read-rate/);
  });
  it("refuses what is not a positive whole number, and returns nothing for --help", () => {
    expect(() => parseOptions(["--events", "0"])).toThrow(/--events/);
    expect(() => parseOptions(["--concurrency", "1.5"])).toThrow(/--concurrency/);
    expect(parseOptions(["--help"])).toBeUndefined();
  });
});
