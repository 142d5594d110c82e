import { readFileSync } from "node:fs";
import type { EventSourcedServiceSpec } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { postingsEventCodec } from "./api/events.codec";
import { csvExportRoute, hrSyncOperations, hrSyncRoutes } from "./api/operations";
import { ChangeLog } from "./application/change-log";
import { LiveProjection } from "./application/live-projection";
import { PlanningQueries, RosterLoader } from "./application/planning.queries";
import { PostingsHandlers } from "./application/postings.handlers";
import { ProjectionWorker } from "./application/projection.worker";
import { Rebuilder } from "./application/rebuild";
import { Generations } from "./application/record-store";
import { RecordsQueries } from "./application/records.queries";
import { StreamSlots } from "./application/stream-slots";
import { type Classification, DEFAULT_CLASSIFICATION } from "./domain";
import { registerWebPages } from "./web/pages.routes";

/** The DQ/GQ and manager classification: `HR_SYNC_CLASSIFICATION` names a JSON file, else the default. */
export function classificationFromEnv(env: NodeJS.ProcessEnv = process.env): Classification {
  const file = env.HR_SYNC_CLASSIFICATION;
  if (!file) return DEFAULT_CLASSIFICATION;
  const given = JSON.parse(readFileSync(file, "utf8")) as Partial<Classification>;
  // `planning` is merged field by field: a file may set only the threshold or only the target.
  const planning = { ...DEFAULT_CLASSIFICATION.planning, ...given.planning };
  return { ...DEFAULT_CLASSIFICATION, ...given, planning };
}

/**
 * services/hr-sync: rotation and evaluation records for the HR department, projected from the skills,
 * training, secondment and postings topics; HR core records postings here (published on hr.postings.v1).
 */
export const hrSyncService: EventSourcedServiceSpec = {
  name: "hr-sync",
  title: "HR sync service",
  description:
    "Rotation records (posts, job types, secondments, overseas training, DQ/GQ balance) and evaluation records " +
    "per fiscal year for the HR department, projected from hr.skills.v1, hr.training.v1, hr.secondment.v1 and " +
    "hr.postings.v1, with department KPIs, a CSV export and a gap-free change feed (gRPC WatchChanges).",
  version: "1.0.0",
  topic: "hr.postings.v1",
  source: "/hr/sync",
  codec: postingsEventCodec,
  defaultPorts: { httpPort: 3004, grpcPort: 50054 },
  grpcService: syncV1.HrSyncServiceService,
  async setup({ store, db, notifyOutbox, logger, config, kafka, producer, app, verifier }) {
    const classification = classificationFromEnv();
    const changes = new ChangeLog(db);
    await changes.init();
    const generations = new Generations(db, config.topicPartitions);
    const live = new LiveProjection({
      db,
      partitions: config.topicPartitions,
      classification,
      generations,
      changes,
    });
    const worker = new ProjectionWorker({
      kafka,
      producer,
      logger,
      topicPrefix: config.topicPrefix,
      partitions: config.topicPartitions,
      handle: live.handle,
      handleBatch: live.handleBatch,
    });
    const rebuilder = new Rebuilder({
      kafka,
      producer,
      logger,
      topicPrefix: config.topicPrefix,
      generations,
      changes,
      live,
    });
    const queries = new RecordsQueries(generations, changes, classification);
    const streamSlots = new StreamSlots(streamsPerSubject(process.env));
    const planning = new PlanningQueries(generations, classification);
    const operations = hrSyncOperations(
      new PostingsHandlers(store, notifyOutbox),
      queries,
      rebuilder,
      streamSlots,
      planning,
    );
    csvExportRoute(
      app,
      verifier,
      "/v1/evaluation-records.csv",
      "ExportEvaluationRecordsCsv",
      ["records"],
      operations.ExportEvaluationRecords,
    );
    csvExportRoute(
      app,
      verifier,
      "/v1/due-for-rotation.csv",
      "ExportDueForRotationCsv",
      ["planning"],
      operations.ExportDueForRotation,
    );
    registerWebPages(app, verifier, operations, queries, planning, changes, {
      tokenSignIn: process.env.HR_PAGES_TOKEN_SIGN_IN === "true",
      streamSlots,
    });
    return { operations, routes: hrSyncRoutes, background: [worker, new RosterLoader(planning, logger)] };
  },
};

/**
 * `HR_PAGES_STREAMS_PER_SUBJECT`: a few live-update streams per caller, open pages and WatchChanges calls
 * together (default 4); a malformed value stops the start.
 */
export function streamsPerSubject(env: NodeJS.ProcessEnv): number {
  const raw = env.HR_PAGES_STREAMS_PER_SUBJECT;
  if (raw === undefined || raw === "") return 4;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1_000) {
    throw new Error(`HR_PAGES_STREAMS_PER_SUBJECT must be a whole number from 1 to 1000, got "${raw}"`);
  }
  return Number(raw);
}
