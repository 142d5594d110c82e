import { describe, expect, it } from "vitest";
import { murmur2, partitionOf } from "../src";

describe("partitionOf", () => {
  // Kafka's own murmur2 test vectors (clients' UtilsTest), and keys of this project checked against
  // org.apache.kafka.common.utils.Utils.murmur2 of kafka-clients 3.9.1.
  it.each([
    ["21", -973932308, 0],
    ["foobar", -790332482, 0],
    ["a-little-bit-long-string", -985981536, 2],
    ["a-little-bit-longer-string", -1486304829, 5],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971, 5],
    ["abc", 479470107, 3],
    ["E1001", -1057676227, 1],
    ["", 275646681, 3],
    ["Z9-x_1", 2069686056, 0],
    ["社員123", -1382251367, 3],
  ])("%j hashes as Kafka's Java client does (%i) and goes to partition %i of 6", (key, hash, partition) => {
    expect(murmur2(Buffer.from(key, "utf8"))).toBe(hash);
    expect(partitionOf(key, 6)).toBe(partition);
    expect(partitionOf(Buffer.from(key, "utf8"), 6)).toBe(partition);
  });

  it("refuses a partition count that is not a positive integer", () => {
    expect(() => partitionOf("E1", 0)).toThrow("partitions must be a positive integer, got 0");
    expect(() => partitionOf("E1", 2.5)).toThrow(RangeError);
  });
});
