// `pnpm --filter @hr/bench history`: the history row alone (hr-sync's cost per event, an employee with 1,000
// facts against one with 10), against the store at MONGODB_URI, in a database of its own dropped at the end.
import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { historyCost } from "./history-cost";
import { formatNumber } from "./table";

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= "silent";
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error("MONGODB_URI is not set: the history row runs against a running store");
  const mongo = await MongoClient.connect(uri);
  const db = mongo.db(`bench_history_${randomBytes(4).toString("hex")}`);
  try {
    const [few, many] = await historyCost(db, 6);
    console.log(
      `hr-sync per event, one event at a time, employee with ${many!.facts} facts against one with ${few!.facts}: ` +
        `${formatNumber(many!.msPerEvent)} against ${formatNumber(few!.msPerEvent)} ms ` +
        `(${formatNumber(many!.msPerEvent / few!.msPerEvent)}x; CPU ${formatNumber(many!.cpuPerEvent)} against ${formatNumber(few!.cpuPerEvent)} ms)`,
    );
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
