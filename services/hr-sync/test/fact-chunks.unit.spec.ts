import { describe, expect, it } from "vitest";
import {
  employeeIndexOf,
  FACTS_PER_CHUNK,
  factChunkKeys,
  factChunkWrites,
} from "../src/application/record-store";
import type { Fact } from "../src/domain";
import { assessed } from "./facts.fixtures";

const facts = (count: number): Fact[] =>
  Array.from({ length: count }, (_, n) => assessed(`a${n}`, "2024-05-01", "s", 1));

/** What each write puts in which chunk: `_id` and the facts' ids. */
const written = (writes: ReturnType<typeof factChunkWrites>) =>
  writes.map((w) => {
    if (!("replaceOne" in w)) throw new Error("a chunk is written whole");
    const { filter, replacement } = w.replaceOne;
    return { _id: filter._id, ids: replacement.facts.map((f) => f.id) };
  });

describe("fact chunks", () => {
  it("store every fact once, in order, in chunks of FACTS_PER_CHUNK", () => {
    const all = facts(2 * FACTS_PER_CHUNK + 3);
    const chunks = written(factChunkWrites("E1", all, 0));
    expect(chunks.map((c) => c._id)).toEqual(["E1:0", "E1:1", "E1:2"]);
    expect(chunks.flatMap((c) => c.ids)).toEqual(all.map((f) => f.id));
    expect(factChunkKeys("E1", all.length)).toEqual(["E1:0", "E1:1", "E1:2"]);
    expect(factChunkKeys("E1", 2 * FACTS_PER_CHUNK)).toEqual(["E1:0", "E1:1"]);
    expect(factChunkKeys("E1", 0)).toEqual([]);
  });

  it("adding facts writes the chunk the history ends in and the next ones, whatever the history's length", () => {
    for (const history of [0, 10, FACTS_PER_CHUNK - 1, FACTS_PER_CHUNK, 1_000, 1_017]) {
      const all = facts(history + 1);
      const chunks = written(factChunkWrites("E1", all, history));
      const last = Math.floor(history / FACTS_PER_CHUNK);
      expect(
        chunks.map((c) => c._id),
        `${history} facts`,
      ).toEqual([`E1:${last}`]);
      expect(chunks[0]!.ids).toEqual(all.slice(last * FACTS_PER_CHUNK).map((f) => f.id));
      expect(chunks[0]!.ids.length).toBeLessThanOrEqual(FACTS_PER_CHUNK);
    }
    // A batch crossing a chunk's end rewrites the one it starts in and inserts the next.
    const all = facts(FACTS_PER_CHUNK + 5);
    expect(written(factChunkWrites("E1", all, FACTS_PER_CHUNK - 2)).map((c) => c._id)).toEqual([
      "E1:0",
      "E1:1",
    ]);
  });

  it("read a former index as one with no fact in chunks, its applied facts still to move", () => {
    const kept = facts(3);
    const last = employeeIndexOf(
      {
        _id: "E1",
        factIds: kept.map((f) => f.id),
        facts: kept,
        rotationHash: "r",
        planningHash: "p",
        years: [{ fiscalYear: 2024, hash: "h", department: "D" }],
      },
      "E1",
    );
    expect(last).toEqual({
      index: {
        _id: "E1",
        factCount: 0,
        rotationHash: "r",
        planningHash: "p",
        years: [{ fiscalYear: 2024, hash: "h", department: "D" }],
      },
      unchunked: { factIds: kept.map((f) => f.id), facts: kept },
    });
    const first = employeeIndexOf(
      {
        _id: "E1",
        factIds: ["x", "y"],
        recordHashes: { "rotation:E1": "r", "evaluation:E1:2024": "h24", "evaluation:E1:2023": "h23" },
        departments: { "2024": "D", "2023": "C" },
      },
      "E1",
    );
    expect(first).toEqual({
      index: {
        _id: "E1",
        factCount: 0,
        rotationHash: "r",
        years: [
          { fiscalYear: 2023, hash: "h23", department: "C" },
          { fiscalYear: 2024, hash: "h24", department: "D" },
        ],
      },
      unchunked: { factIds: ["x", "y"] },
    });
    const current = { _id: "E1", factCount: 7, years: [] };
    expect(employeeIndexOf(current, "E1")).toEqual({ index: current });
    expect(employeeIndexOf(null, "E1")).toEqual({ index: { _id: "E1", factCount: 0, years: [] } });
  });
});
