import { partitionOf, type ReceivedEvent } from "@hr/kit";
import { postingsV1 } from "@hr/proto";
import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumedEventsCodec } from "../src/api/events.codec";
import { Projector } from "../src/application/projector";
import { departmentKey, RecordStore } from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION } from "../src/domain";

const ns = testNamespace();
let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUri);
});

afterAll(async () => {
  await client.close();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

/** A posting as the consumer hands it over, received on the given partition. */
function received(employeeId: string, id: string, effectiveDate: string, partition: number): ReceivedEvent {
  const type = "hr.postings.v1.PostingRecorded";
  const value = postingsV1.PostingRecorded.encode(
    postingsV1.PostingRecorded.fromPartial({
      employeeId,
      postingId: id,
      department: "Digital Services Bureau",
      post: "ICT",
      kind: postingsV1.PostingKind.REGULAR_TRANSFER,
      effectiveDate,
    }),
  ).finish();
  return {
    id,
    source: "/hr/sync",
    type,
    subject: employeeId,
    time: new Date().toISOString(),
    event: consumedEventsCodec.decode(type, value),
    key: employeeId,
    topic: "hr.postings.v1",
    partition,
    offset: "0",
  };
}

describe("department listing shards", () => {
  it("are chosen by the employee id as the producers partition it, whatever partition a message came from", async () => {
    const partitions = 3;
    const store = new RecordStore(client.db(ns.dbName), 1, partitions);
    const projector = new Projector(store, DEFAULT_CLASSIFICATION);
    const employeeId = "E1001";
    const home = partitionOf(employeeId, partitions);
    // The employee's events, one of them as a tool with another partitioner would have put it back.
    await projector.handle(received(employeeId, "p1", "2024-04-01", home));
    await projector.handle(received(employeeId, "p2", "2025-04-01", (home + 1) % partitions));

    const shards = await store.departments.find({}).toArray();
    expect(shards.map((s) => s._id).sort()).toEqual(
      [
        departmentKey(2024, "Digital Services Bureau", home),
        departmentKey(2025, "Digital Services Bureau", home),
      ].sort(),
    );
    expect(await store.departmentMembers(2025, "Digital Services Bureau")).toEqual([employeeId]);
  });
});
