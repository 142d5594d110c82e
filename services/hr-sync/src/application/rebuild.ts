import { createHash, randomUUID } from "node:crypto";
import { type Logger, type ReceivedEvent, RuleViolation, replayTopics } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import type { Kafka, Producer } from "kafkajs";
import { CONSUMED_TOPICS, consumedEventsCodec, DLQ_TOPIC } from "../api/events.codec";
import type { Classification } from "../domain";
import type { ChangeLog, RecordChange } from "./change-log";
import { projectionGroupId } from "./projection.worker";
import { Projector } from "./projector";
import { emptyEvaluation, type Generations, RecordStore, recordChangeOf } from "./record-store";

/**
 * What the live consumer writes to: the generation queries read and, while a rebuild runs, the one
 * being built. Both go through one Projector per generation, so the replay and the live consumer never
 * write the same employee at once (one writer per employee, see KeyedLock).
 */
export class LiveProjection {
  private mirror: Projector | undefined;

  constructor(private primary: Projector) {}

  handle = async (received: ReceivedEvent): Promise<void> => {
    const targets = [this.primary, this.mirror];
    for (const target of targets) await target?.handle(received);
  };

  /** From now on every live event also goes to `projector` (the generation being built). */
  mirrorTo(projector: Projector | undefined) {
    this.mirror = projector;
  }

  promote(projector: Projector) {
    this.primary = projector;
    this.mirror = undefined;
  }

  get store() {
    return this.primary.store;
  }
}

export interface RebuildOptions {
  kafka: Kafka;
  producer: Producer;
  logger: Logger;
  topicPrefix: string;
  classification: Classification;
  generations: Generations;
  changes: ChangeLog;
  live: LiveProjection;
}

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url");
const idleStatus = (): syncV1.RebuildStatus => ({
  state: "REBUILD_STATE_IDLE" as syncV1.RebuildState,
  generation: 0,
  handled: 0,
  total: 0,
  recordsChanged: 0,
  error: "",
});

/**
 * Rebuild: replay the four topics from the beginning into a fresh generation while live events are
 * written to both generations (so whatever arrives during and after the replay is in the new one too:
 * the catch-up), then log every record that differs from the live one on the change log, switch
 * queries to the new generation (one `_id` write; readers pick it up within a second, never stopping),
 * and drop the old one.
 */
export class Rebuilder {
  private status = idleStatus();
  private running: Promise<void> | undefined;

  constructor(private readonly options: RebuildOptions) {}

  current(): syncV1.RebuildStatus {
    return { ...this.status };
  }

  async start(): Promise<syncV1.RebuildStatus> {
    if (!this.running) await this.refuseBesideOtherInstances();
    if (!this.running) {
      this.status = {
        ...idleStatus(),
        state: "REBUILD_STATE_REPLAYING" as syncV1.RebuildState,
        startedAt: new Date().toISOString(),
      };
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
    }
    return this.current();
  }

  /**
   * The catch-up mirrors the live events this instance consumes; with other instances in the group their
   * partitions' live events would miss the new generation, so a rebuild needs hr-sync at one replica.
   */
  private async refuseBesideOtherInstances(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([projectionGroupId(this.options.topicPrefix)]);
      const members = groups[0]?.members.length ?? 0;
      if (members > 1) {
        throw new RuleViolation(
          "REBUILD_NEEDS_ONE_INSTANCE",
          `${members} hr-sync instances consume the topics: scale hr-sync to one replica for a rebuild`,
        );
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** Resolves when the running rebuild (if any) has finished. */
  async finished(): Promise<syncV1.RebuildStatus> {
    await this.running;
    return this.current();
  }

  private async run(): Promise<void> {
    const { kafka, producer, logger, topicPrefix, classification, generations, changes, live } = this.options;
    const previous = live.store;
    const generation = Math.max(previous.generation, await generations.activeGeneration()) + 1;
    this.status = { ...this.status, generation };
    const target = new RecordStore(previous.db, generation, previous.partitions);
    try {
      await target.drop();
      const building = new Projector(target, classification);
      live.mirrorTo(building);
      await replayTopics({
        kafka,
        topics: CONSUMED_TOPICS.map((t) => topicPrefix + t),
        codec: consumedEventsCodec,
        handle: building.handle,
        deadLetter: { topic: topicPrefix + DLQ_TOPIC, producer },
        checkPartitioning: true, // as the live consumer: what it dead-letters, a rebuild leaves out
        logger,
        groupPrefix: `${topicPrefix}hr-sync-rebuild-${randomUUID().slice(0, 8)}`,
        onProgress: ({ handled, total }) => {
          this.status = { ...this.status, handled, total };
        },
      });
      const recordsChanged = await this.logDifferences(previous, target, generation);
      await generations.switchTo(generation);
      building.logChangesTo(changes);
      live.promote(building);
      this.status = {
        ...this.status,
        state: "REBUILD_STATE_SWITCHED" as syncV1.RebuildState,
        recordsChanged,
        finishedAt: new Date().toISOString(),
      };
      logger.info({ generation, recordsChanged }, "rebuild switched over");
      // Readers may hold the old generation for up to a second: drop it a little later.
      setTimeout(() => void previous.drop(), 5_000).unref();
    } catch (error) {
      live.mirrorTo(undefined);
      await target.drop();
      this.status = {
        ...this.status,
        state: "REBUILD_STATE_FAILED" as syncV1.RebuildState,
        error: (error as Error).message,
        finishedAt: new Date().toISOString(),
      };
      logger.error({ err: error }, "rebuild failed; queries stay on the previous records");
    }
  }

  /**
   * Records of the new generation that differ from the live ones go on the change log, and so does each
   * live evaluation record the new generation has no longer (as the emptied record a year without facts
   * reads as). Scans of both generations, once per rebuild: not a hot path.
   */
  private async logDifferences(
    previous: RecordStore,
    target: RecordStore,
    generation: number,
  ): Promise<number> {
    const log = (change: RecordChange) =>
      this.options.changes.append(`rebuild:${generation}:${change.recordKey}`, change);
    let changed = 0;
    for await (const doc of target.records.find({})) {
      const old = await previous.records.findOne({ _id: doc._id });
      if (old && hash(old.record) === hash(doc.record)) continue;
      await log(recordChangeOf(doc));
      changed += 1;
    }
    for await (const doc of previous.records.find({})) {
      if (doc.kind !== "evaluation" || (await target.records.findOne({ _id: doc._id }))) continue;
      const { employeeId, fiscalYear } = doc.record as syncV1.EvaluationRecord;
      await log({ recordKey: doc._id, kind: "evaluation", record: emptyEvaluation(employeeId, fiscalYear) });
      changed += 1;
    }
    return changed;
  }
}
