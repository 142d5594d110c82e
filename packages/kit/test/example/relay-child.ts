/**
 * Child process for the crash test: stores commits, publishes three of them, says so and stalls
 * until the parent kills it with SIGKILL.
 */
import { logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { EventStore } from "../../src";
import { ledgerRelay } from "./posting-ledger";

async function main() {
  const [mongoUri, dbName, brokers, topic, countText] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const client = await MongoClient.connect(mongoUri);
  const db = client.db(dbName);
  const store = new EventStore(db);
  await store.init();
  const count = Number(countText);
  for (let i = 0; i < count; i++) {
    const employeeId = `K${i % 3}`;
    const { version } = await store.readStream(`ledger-${employeeId}`);
    await store.append(
      `ledger-${employeeId}`,
      version,
      [
        {
          type: "PostingRecorded",
          data: { employeeId, effectiveDate: "2024-04-01", postingId: `p${i}`, department: "d", post: "p" },
        },
      ],
      { requestId: `child-${i}` },
    );
  }
  console.log("stored");
  const kafka = { brokers: brokers.split(","), logLevel: logLevel.NOTHING };
  const relay = ledgerRelay({ store, db, kafka, topic, batchSize: 1, leaseTtlMs: 1_000 });
  // No relay.start(): step by step, so the crash lands at a known point. After three commits the
  // process stalls (as if stuck on the network) with the rest stored and unpublished, and is killed.
  for (let published = 0; published < 3; ) {
    published += await relay.publishPending();
  }
  console.log("published 3");
  await new Promise(() => undefined);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
