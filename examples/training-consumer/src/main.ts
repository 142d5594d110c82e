// Runs the example consumer: prints each training event once, as one JSON line.
//   KAFKA_BROKERS=127.0.0.1:9092 MONGODB_URI=mongodb://127.0.0.1:27017 pnpm --filter @hr/example-training-consumer start
import { MongoClient } from "mongodb";
import { startTrainingConsumer } from "./training-consumer";

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
  const client = await MongoClient.connect(process.env.MONGODB_URI ?? "mongodb://127.0.0.1:27017");
  const consumer = await startTrainingConsumer({
    brokers,
    groupId: process.env.GROUP_ID ?? "example-department.training",
    ...(process.env.TOPIC ? { topic: process.env.TOPIC } : {}),
    db: client.db(process.env.MONGODB_DB ?? "example_department"),
    handle: async (event) => console.log(JSON.stringify(event)),
  });
  const stop = async () => {
    await consumer.stop();
    await client.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
