// Poison messages for `./run faults`: on each topic hr-sync consumes, what a faulty or hostile producer could
// put there: random bytes, headers that are no CloudEvent, an event on a partition its key does not map to,
// a 900 KB value. Each must reach hr.sync.dlq.v1 with a reason, and hr-sync's group must move past it.
import { randomBytes } from "node:crypto";
import { headerStrings, partitionOf } from "@hr/kit";
import { Kafka, logLevel } from "kafkajs";

type Log = (line: string) => void;

/** Each topic hr-sync consumes, with an event type of its own. */
const TOPICS = {
  "hr.skills.v1": "hr.skills.v1.SkillAssessed",
  "hr.training.v1": "hr.training.v1.TrainingCompleted",
  "hr.secondment.v1": "hr.secondment.v1.SecondmentAgreed",
  "hr.postings.v1": "hr.postings.v1.PostingRecorded",
};
const BOUND_MS = 120_000;

export interface PoisonResult {
  sent: number;
  /** Poison messages not on the DLQ with a reason within the bound, and partitions hr-sync stopped on. */
  missing: number;
}

/** Sends the poison messages and waits until each is dead-lettered and hr-sync's group is past it. */
export async function poisonMessages(
  brokers: string,
  topicPrefix: string,
  run: string,
  log: Log,
): Promise<PoisonResult> {
  const kafka = new Kafka({
    clientId: "faults-poison",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const sent = new Map<string, string>();
  try {
    for (const [topic, type] of Object.entries(TOPICS)) {
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topicPrefix + topic] })).topics;
      const partitions = metadata?.partitions.length ?? 1;
      const key = `PZ${topic.split(".")[1]}`;
      const own = partitionOf(key, partitions);
      const headers = (id: string) => ({
        ce_specversion: "1.0",
        ce_id: id,
        ce_source: "/faults",
        ce_type: type,
        ce_subject: key,
        ce_time: new Date().toISOString(),
        ce_effectivedate: "2024-04-01",
        ce_sequence: "1",
        "content-type": "application/protobuf",
      });
      const id = (what: string) => {
        const ceId = `poison-${run}-${topic}-${what}`;
        sent.set(ceId, `${topic} ${what}`);
        return ceId;
      };
      await producer.send({
        topic: topicPrefix + topic,
        acks: -1,
        messages: [
          { key, partition: own, value: randomBytes(64), headers: headers(id("random-bytes")) },
          {
            key,
            partition: own,
            value: randomBytes(64),
            headers: { ...headers(id("wrong-headers")), ce_specversion: "0.1", ce_time: "yesterday" },
          },
          {
            key,
            partition: (own + 1) % partitions,
            value: randomBytes(64),
            headers: headers(id("wrong-partition")),
          },
          { key, partition: own, value: randomBytes(900 * 1024), headers: headers(id("900-kb-value")) },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
  log(`poison: ${sent.size} poison messages sent to ${Object.keys(TOPICS).length} topics`);

  // The DLQ from its beginning: each poison message by its ce_id, with its reason.
  const consumer = kafka.consumer({ groupId: `faults-dlq-${run}-${randomBytes(3).toString("hex")}` });
  const reasons = new Map<string, string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [`${topicPrefix}hr.sync.dlq.v1`], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const h = headerStrings(message.headers);
        if (h.ce_id && sent.has(h.ce_id)) reasons.set(h.ce_id, `${h.dlq_reason}: ${h.dlq_detail}`);
      },
    });
    const bound = Date.now() + BOUND_MS;
    while (reasons.size < sent.size && Date.now() < bound) await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    await consumer.disconnect();
  }
  let missing = 0;
  // Consumption goes on: hr-sync's group commits past every message of every partition, poison included.
  const topics = Object.keys(TOPICS).map((t) => topicPrefix + t);
  const behind = async () => {
    const ends = new Map<string, string>();
    for (const t of topics)
      for (const p of await admin.fetchTopicOffsets(t)) ends.set(`${t}/${p.partition}`, p.high);
    const committed = await admin.fetchOffsets({ groupId: `${topicPrefix}hr-sync`, topics });
    return committed.flatMap(({ topic, partitions }) =>
      partitions
        .filter(
          (p) => BigInt(p.offset === "-1" ? 0 : p.offset) < BigInt(ends.get(`${topic}/${p.partition}`) ?? 0),
        )
        .map((p) => `${topic}/${p.partition}`),
    );
  };
  const bound = Date.now() + BOUND_MS;
  let stuck = await behind();
  while (stuck.length > 0 && Date.now() < bound) {
    await new Promise((r) => setTimeout(r, 1_000));
    stuck = await behind();
  }
  await admin.disconnect();
  if (stuck.length > 0) {
    missing += stuck.length;
    log(`POISON STOPPED CONSUMPTION: hr-sync's group is not at the end of ${stuck.join(", ")}`);
  } else log("poison: hr-sync's group committed to the end of every partition of the four topics");
  for (const [ceId, what] of sent) {
    const reason = reasons.get(ceId);
    if (reason && !reason.startsWith("undefined")) continue;
    missing++;
    log(`POISON NOT DEAD-LETTERED: ${what} (${ceId}) is not on the DLQ with a reason`);
  }
  log(
    `poison: ${sent.size - missing} of ${sent.size} on the DLQ with a reason (${[...new Set([...reasons.values()].map((r) => r.split(":")[0]))].join(", ")})`,
  );
  return { sent: sent.size, missing };
}
