import { readFile } from "node:fs/promises";
import type { EventSourcedServiceSpec } from "@hr/kit";
import { trainingV1 } from "@hr/proto";
import defaultCertifications from "../catalogue/certifications.json";
import fy2024 from "../catalogue/fy2024.json";
import { trainingEventCodec } from "./api/events.codec";
import { trainingOperations, trainingRoutes } from "./api/operations";
import { registerXapiRoutes } from "./api/xapi.routes";
import { ConfigurationRequests } from "./application/configuration-requests";
import { CourseCatalogueStore } from "./application/course-catalogue.store";
import { CourseReportReadModel, courseReportProjection } from "./application/course-report.projection";
import { JobTypeReadModel, jobTypeProjection } from "./application/job-types.projection";
import { OverseasProgrammeView } from "./application/overseas-applications.view";
import { OverseasTrainingHandlers } from "./application/overseas-training.handlers";
import { TrainingQueries } from "./application/training.queries";
import { TrainingRecordHandlers } from "./application/training-record.handlers";
import { XapiStatements } from "./application/xapi.handler";
import { type CourseCatalogue, certificationCatalogue } from "./domain";

/** The certification list: the file `CERTIFICATION_CATALOGUE_FILE` names, else the default one. */
async function certificationCatalogueOf(file: string | undefined) {
  const document = file ? JSON.parse(await readFile(file, "utf8")) : defaultCertifications;
  return certificationCatalogue(document);
}

export const TRAINING_TOPIC = "hr.training.v1";
/** Messages the service's own consumers could not project (CONTRACTS.md's DLQ headers). */
export const TRAINING_DLQ_TOPIC = "hr.training.dlq.v1";

/** services/training: training records and the overseas dispatch training programme, on hr.training.v1. */
export const trainingService: EventSourcedServiceSpec = {
  name: "training",
  title: "HR training service",
  description:
    "Course catalogue (per fiscal year), nominations, completions (also from xAPI statements), surveys, " +
    "certifications and subsidies, and the overseas dispatch training programme. Every change is an event " +
    "on the Kafka topic hr.training.v1.",
  version: "1.0.0",
  topic: TRAINING_TOPIC,
  source: "/hr/training",
  codec: trainingEventCodec,
  defaultPorts: { httpPort: 3002, grpcPort: 50052 },
  grpcService: trainingV1.TrainingServiceService,
  async setup({ store, db, notifyOutbox, logger, config, kafka, producer, app, verifier }) {
    const catalogues = new CourseCatalogueStore(db);
    await catalogues.init([fy2024 as CourseCatalogue]);
    const programmeView = new OverseasProgrammeView(db);
    const jobTypes = new JobTypeReadModel(db);
    const courseReports = new CourseReportReadModel(db);
    const records = new TrainingRecordHandlers(
      store,
      catalogues,
      notifyOutbox,
      db,
      await certificationCatalogueOf(process.env.CERTIFICATION_CATALOGUE_FILE),
    );
    const programme = new OverseasTrainingHandlers(store, programmeView, jobTypes, notifyOutbox, db);
    const queries = new TrainingQueries(store, catalogues, programmeView, programme, jobTypes);
    const accountHomePage = process.env.XAPI_ACCOUNT_HOME_PAGE || "https://learning.metro.example";
    registerXapiRoutes(
      app,
      verifier,
      new XapiStatements(db, records, catalogues, accountHomePage),
      accountHomePage,
    );
    const prefix = config.topicPrefix;
    return {
      operations: trainingOperations(
        records,
        programme,
        programmeView,
        queries,
        catalogues,
        courseReports,
        new ConfigurationRequests(db),
      ),
      routes: trainingRoutes,
      background: [
        jobTypeProjection({
          kafka,
          producer,
          topicPrefix: prefix,
          partitions: config.topicPartitions,
          readModel: jobTypes,
          logger,
        }),
        courseReportProjection({
          kafka,
          producer,
          topic: prefix + TRAINING_TOPIC,
          deadLetterTopic: prefix + TRAINING_DLQ_TOPIC,
          groupPrefix: prefix,
          readModel: courseReports,
          logger,
        }),
      ],
    };
  },
};
