// Where a command's time goes in the store: the command path (read the stream, append) run one command
// at a time against the pipeline's own database (with its history), every store round trip timed through
// the driver's command monitoring and grouped by command and collection.
import { randomUUID } from "node:crypto";
import { EventStore } from "@hr/kit";
import { MongoClient } from "mongodb";
import { log } from "./pool";
import { summarize } from "./stats";

export interface StageRow {
  stage: string;
  perCommand: number;
  p50: number;
  p95: number;
}

export async function profileCommandPath(
  mongoUri: string,
  dbName: string,
  commands: number,
): Promise<{
  rows: StageRow[];
  command: { p50: number; p95: number };
}> {
  const client = new MongoClient(mongoUri, { monitorCommands: true });
  const started = new Map<number, { stage: string; at: number }>();
  const took = new Map<string, number[]>();
  client.on("commandStarted", (e) => {
    const collection = e.command[e.commandName];
    started.set(e.requestId, {
      stage: `${e.commandName} ${typeof collection === "string" ? collection : ""}`.trim(),
      at: performance.now(),
    });
  });
  client.on("commandSucceeded", (e) => {
    const s = started.get(e.requestId);
    if (!s) return;
    started.delete(e.requestId);
    took.set(s.stage, [...(took.get(s.stage) ?? []), performance.now() - s.at]);
  });
  await client.connect();
  try {
    const store = new EventStore(client.db(dbName));
    const totals: number[] = [];
    log(`profile: ${commands} commands one at a time through the store path, each round trip timed...`);
    for (let i = 0; i < commands; i++) {
      const streamId = `skill-profile-P${String(i % 20).padStart(4, "0")}`;
      const t0 = performance.now();
      const read = await store.readStream(streamId);
      await store.append(
        streamId,
        read,
        [{ type: "SkillAssessed", data: { employeeId: streamId.slice(14), effectiveDate: "2024-10-01" } }],
        { requestId: `profile-${randomUUID()}` },
        { ok: true },
      );
      totals.push(performance.now() - t0);
    }
    const rows = [...took.entries()]
      .filter(([stage]) => !stage.startsWith("createIndexes"))
      .map(([stage, times]) => {
        const s = summarize(times);
        return { stage, perCommand: times.reduce((a, b) => a + b, 0) / commands, p50: s.p50, p95: s.p95 };
      })
      .sort((a, b) => b.perCommand - a.perCommand);
    const total = summarize(totals);
    return { rows, command: { p50: total.p50, p95: total.p95 } };
  } finally {
    await client.close();
  }
}
