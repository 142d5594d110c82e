import { createHash, randomUUID } from "node:crypto";
import { type Logger, RuleViolation, replayTopics } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import type { Kafka, Producer } from "kafkajs";
import { CONSUMED_TOPICS, consumedEventsCodec, DLQ_TOPIC } from "../api/events.codec";
import type { ChangeLog, RecordChange } from "./change-log";
import type { LiveProjection } from "./live-projection";
import { projectionGroupId } from "./projection.worker";
import {
  BUILD_LEASE_MS,
  type Build,
  emptyEvaluation,
  type Generations,
  META_MAX_AGE_MS,
  RecordStore,
  recordChangeOf,
} from "./record-store";

export interface RebuildOptions {
  kafka: Kafka;
  producer: Producer;
  logger: Logger;
  topicPrefix: string;
  generations: Generations;
  changes: ChangeLog;
  live: LiveProjection;
}

const HEARTBEAT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
 * Rebuild: record the new generation in `hr_sync_meta` (every instance's live events then go to both:
 * the catch-up), replay the four topics from the beginning into it, refuse to switch when it lost facts
 * or another instance wrote to it while the replay ran, log every record that differs from the live one
 * on the change log, switch the `generation` pointer (readers and writers follow within a second, never
 * stopping), and drop the old one. A refused or failed rebuild drops the new generation instead.
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
   * A rebuild starts with one instance: a second writer of an employee beside the replay could lose a
   * fact in the new generation. Instances that join later mirror to it (see `refuseOtherWriters`).
   */
  private async refuseBesideOtherInstances(): Promise<void> {
    const members = await this.groupMembers();
    if (members > 1) {
      throw new RuleViolation(
        "REBUILD_NEEDS_ONE_INSTANCE",
        `${members} hr-sync instances consume the topics: scale hr-sync to one replica for a rebuild`,
      );
    }
  }

  private async groupMembers(): Promise<number> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([projectionGroupId(this.options.topicPrefix)]);
      return groups[0]?.members.length ?? 0;
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
    const { kafka, producer, logger, topicPrefix, generations, live } = this.options;
    const activeGeneration = await generations.activeGeneration();
    const abandoned = await generations.recordedBuilding();
    const generation = Math.max(activeGeneration, abandoned ?? 0) + 1;
    this.status = { ...this.status, generation };
    const previous = live.projector(activeGeneration).store;
    const building = live.projector(generation);
    const target = building.store;
    const build = { generation, rebuild: randomUUID(), replaying: true };
    let renewedAt = Date.now();
    const renew = () =>
      generations.building(build).then(() => {
        renewedAt = Date.now();
      });
    const heartbeat = setInterval(
      () => void renew().catch((err) => logger.warn({ err }, "rebuild heartbeat not written")),
      HEARTBEAT_MS,
    );
    try {
      // A rebuild that died (its instance stopped) left its generation behind: not needed any more.
      if (abandoned !== undefined) {
        await generations.endBuilding(abandoned);
        await new RecordStore(previous.db, abandoned, previous.partitions).drop();
      }
      await target.drop();
      live.buildHere(generation);
      await renew();
      // Every instance reads `building` within META_MAX_AGE_MS: from then on its live events reach the
      // new generation too; anything handled before is on the topics before the replay starts.
      await sleep(META_MAX_AGE_MS + 500);
      await replayTopics({
        kafka,
        topics: CONSUMED_TOPICS.map((t) => topicPrefix + t),
        codec: consumedEventsCodec,
        handle: building.handle,
        handleBatch: building.handleBatch,
        deadLetter: { topic: topicPrefix + DLQ_TOPIC, producer },
        checkPartitioning: true, // as the live consumer: what it dead-letters, a rebuild leaves out
        logger,
        groupPrefix: `${topicPrefix}hr-sync-rebuild-${randomUUID().slice(0, 8)}`,
        onProgress: ({ handled, total }) => {
          this.status = { ...this.status, handled, total };
        },
      });
      build.replaying = false;
      await renew();
      await sleep(META_MAX_AGE_MS + 500); // instances that still read `replaying` have marked by now
      await this.refuseOtherWriters(build);
      await this.refuseLostFacts(previous, target);
      const recordsChanged = await this.logDifferences(previous, target, generation);
      await this.checkBeforeSwitch(generation, renewedAt);
      clearInterval(heartbeat);
      await generations.switchTo(generation);
      live.buildHere(undefined);
      this.status = {
        ...this.status,
        state: "REBUILD_STATE_SWITCHED" as syncV1.RebuildState,
        recordsChanged,
        finishedAt: new Date().toISOString(),
      };
      logger.info({ generation, recordsChanged }, "rebuild switched over");
      // Readers and writers may hold the old generation for up to META_MAX_AGE_MS: drop it a little later.
      setTimeout(() => void previous.drop(), 5_000).unref();
    } catch (error) {
      clearInterval(heartbeat);
      live.buildHere(undefined);
      await generations.endBuilding(generation).catch(() => undefined);
      await sleep(META_MAX_AGE_MS + 500); // no instance mirrors to it any more: drop it for good
      await target.drop();
      this.status = {
        ...this.status,
        state: "REBUILD_STATE_FAILED" as syncV1.RebuildState,
        error: `not switched, the live records stay: ${(error as Error).message}`,
        finishedAt: new Date().toISOString(),
      };
      logger.error({ err: error }, "rebuild failed; queries stay on the previous records");
    }
  }

  /**
   * The new generation must hold every fact the live one holds: fewer means a replayed topic lost history
   * (the kit's replay already refuses a partition that does not start at offset 0). Counted once, after
   * the replay, rather than with a counter on every insert: the hot path stays one insert per event, and
   * a counter document shared by instances is a read-modify-write the store cannot make atomic.
   */
  private async refuseLostFacts(previous: RecordStore, target: RecordStore): Promise<void> {
    // The live count first: a fact mirrored meanwhile reaches the new generation right after the live one.
    const live = await previous.facts.countDocuments({});
    const rebuilt = await target.facts.countDocuments({});
    if (rebuilt < live) {
      throw new Error(
        `the new generation holds ${rebuilt} facts, the live one ${live}: the topics no longer have all history`,
      );
    }
  }

  /**
   * No other instance may have written the new generation while the replay ran: two writers of one
   * employee can lose a fact. Instances that joined since and write now are fine: each mirrors its own
   * partitions, one writer per employee as in the live generation.
   */
  private async refuseOtherWriters({ rebuild }: Build): Promise<void> {
    if (await this.options.generations.mirroredDuringReplay(rebuild)) {
      throw new Error(
        "another hr-sync instance joined and projected into the new generation while the replay ran: " +
          "rebuild again with one instance",
      );
    }
  }

  /**
   * Right before the switch: this rebuild's heartbeat must be alive (else the other instances stopped
   * mirroring to it); the group's members are re-read, for the log (each mirrors, see above).
   */
  private async checkBeforeSwitch(generation: number, renewedAt: number): Promise<void> {
    if (Date.now() - renewedAt > BUILD_LEASE_MS - HEARTBEAT_MS) {
      throw new Error("the rebuild was paused past its lease: instances may have stopped mirroring");
    }
    const members = await this.groupMembers();
    this.options.logger.info({ generation, members }, "rebuild switching over: every member mirrors");
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
