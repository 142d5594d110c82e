import { describe, expect, it } from "vitest";
import { coPartitionedAssignment } from "../src/messaging/co-partitioned-assigner";

const topics = (count: number, ...names: string[]) =>
  Object.fromEntries(names.map((n) => [n, Array.from({ length: count }, (_, p) => p)]));

describe("co-partitioned assignment", () => {
  it("gives partition p of every topic to the same member: members sorted by id, p % members", () => {
    const assignment = coPartitionedAssignment(["m-b", "m-a"], topics(5, "skills", "training", "postings"));
    expect(Object.fromEntries(assignment)).toEqual({
      "m-a": { skills: [0, 2, 4], training: [0, 2, 4], postings: [0, 2, 4] },
      "m-b": { skills: [1, 3], training: [1, 3], postings: [1, 3] },
    });
  });

  it("every partition of every topic has exactly one owner, whatever the order members are given in", () => {
    const given = topics(6, "a", "b");
    const one = coPartitionedAssignment(["x", "y", "z"], given);
    const other = coPartitionedAssignment(["z", "x", "y"], given);
    expect(Object.fromEntries(other)).toEqual(Object.fromEntries(one));
    for (const topic of ["a", "b"]) {
      const owned = [...one.values()].flatMap((a) => a[topic] ?? []).sort();
      expect(owned).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it("leaves members beyond the partition count idle", () => {
    const assignment = coPartitionedAssignment(["1", "2", "3"], topics(2, "a"));
    expect(assignment.get("3")).toEqual({});
  });

  it("refuses topics whose partition counts differ, naming them", () => {
    expect(() =>
      coPartitionedAssignment(["m"], { ...topics(3, "skills"), ...topics(4, "training") }),
    ).toThrow(/same partition count \(skills: 3, training: 4\)/);
  });
});
