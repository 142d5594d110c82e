/**
 * Child process for the crash test: stores commits, says so, then publishes one commit at a time,
 * saying so after each, until the parent kills it with SIGKILL.
 */
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { EventStore, OutboxRelay, silentLogger } from "../../src";
import { ledgerCodec } from "./posting-ledger";

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
  const producer = new Kafka({ brokers: brokers.split(","), logLevel: logLevel.NOTHING }).producer({
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const relay = new OutboxRelay({
    store,
    db,
    producer,
    topic,
    source: "/hr/example",
    codec: ledgerCodec,
    logger: silentLogger,
    batchSize: 1,
    leaseTtlMs: 1_000,
  });
  // No relay.start(): step by step, so the parent knows when publishing has begun.
  for (;;) {
    const published = await relay.publishPending();
    if (published > 0) console.log("published");
    else await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
