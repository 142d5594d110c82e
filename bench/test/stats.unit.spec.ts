import { describe, expect, it } from "vitest";
import { percentile, perSecond, span, summarize } from "../src/stats";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it("returns a sample that was observed", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([10, 20], 99)).toBe(20);
  });
  it("handles the edges", () => {
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([3, 9], 0)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarize", () => {
  it("sorts a copy and reports count, percentiles and max", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });
  it("says nothing of no samples", () => {
    expect(summarize([]).max).toBeNaN();
  });
});

describe("rates and spans", () => {
  it("computes items per second", () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(0, 100)).toBeNaN();
    expect(perSecond(10, 0)).toBeNaN();
  });
  it("finds the first and last instant", () => {
    expect(span([30, 10, 20])).toEqual({ first: 10, last: 30, ms: 20 });
    expect(span([])).toEqual({ first: 0, last: 0, ms: 0 });
  });
});
