import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type KafkaHandle, startKafka } from "@hr/local-stack";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTopics } from "../src";

/**
 * A three-node cluster of this file's own (the run's broker is one node): each broker learns of a new
 * topic on its own time, and a service's admin asks any of them.
 */
const dir = mkdtempSync(join(tmpdir(), "hr-cluster-"));
let cluster: KafkaHandle;

beforeAll(async () => {
  cluster = await startKafka({ nodes: 3, dataDir: dir, log: () => undefined });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe("ensureTopics on a three-node cluster", () => {
  it("creates topics with three replicas and waits for every broker's metadata, as four services starting together do", async () => {
    const admins = Array.from({ length: 4 }, () =>
      new Kafka({ brokers: cluster.brokers.split(","), logLevel: logLevel.NOTHING }).admin(),
    );
    await Promise.all(admins.map((a) => a.connect()));
    try {
      for (let round = 0; round < 6; round++) {
        const topics = [`cluster-${round}-a`, `cluster-${round}-b`];
        // Each service creates its own topic and the ones it consumes, as hr-sync does.
        await Promise.all(
          admins.map((admin, i) => ensureTopics(admin, i % 2 ? topics : [...topics].reverse(), 6)),
        );
        const { topics: metadata } = await (admins[0] as (typeof admins)[0]).fetchTopicMetadata({ topics });
        for (const t of metadata)
          expect(t.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3, 3, 3, 3]);
      }
    } finally {
      await Promise.all(admins.map((a) => a.disconnect()));
    }
  }, 240_000);
});
