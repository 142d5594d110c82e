import { describe, expect, it } from "vitest";
import { FactCache } from "../src/application/fact-cache";
import type { Fact } from "../src/domain";
import { assessed } from "./facts.fixtures";

const facts = (count: number): Fact[] =>
  Array.from({ length: count }, (_, n) => assessed(`a${n}`, "2024-05-01", "s", 1));

describe("the fact cache", () => {
  it("gives an employee's facts only with the stamp they were written with", () => {
    const cache = new FactCache(100);
    const written = facts(3);
    cache.set("E1", "s1", written);
    expect(cache.get("E1", "s1")).toBe(written);
    expect(cache.get("E1", "s2")).toBeUndefined();
    expect(cache.get("E1", undefined)).toBeUndefined();
    expect(cache.get("E2", "s1")).toBeUndefined();
    const next = facts(4);
    cache.set("E1", "s2", next);
    expect(cache.get("E1", "s1")).toBeUndefined();
    expect(cache.get("E1", "s2")).toBe(next);
  });

  it("holds at most its number of facts, forgetting the employees used least recently", () => {
    const cache = new FactCache(10);
    cache.set("E1", "s", facts(4));
    cache.set("E2", "s", facts(4));
    expect(cache.get("E1", "s")).toHaveLength(4); // E1 now used after E2
    cache.set("E3", "s", facts(4));
    expect(cache.get("E2", "s")).toBeUndefined();
    expect(cache.get("E1", "s")).toHaveLength(4);
    expect(cache.get("E3", "s")).toHaveLength(4);
    cache.set("E4", "s", facts(11));
    expect(cache.get("E4", "s"), "more than the cache holds").toBeUndefined();
    expect(cache.get("E1", "s")).toHaveLength(4);
  });
});
