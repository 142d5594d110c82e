import type { EventSourcedServiceSpec } from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { skillsEventCodec } from "./api/events.codec";
import { skillsOperations, skillsRoutes } from "./api/operations";
import { SkillMapStore } from "./application/skill-map.store";
import { SkillProfileHandlers } from "./application/skill-profile.handlers";
import { SkillProfileQueries } from "./application/skill-profile.queries";
import { SkillProfileReadModel } from "./application/skill-profile.read-model";
import { defaultSkillMaps } from "./domain";

/** services/skills: skill map, assessments and job type changes, published on hr.skills.v1. */
export const skillsService: EventSourcedServiceSpec = {
  name: "skills",
  title: "HR skills service",
  description:
    "Digital skill map (versioned per fiscal year), skill assessments, target roles, career tracks and job type " +
    "changes of staff. Every change is an event on the Kafka topic hr.skills.v1.",
  version: "1.0.0",
  topic: "hr.skills.v1",
  source: "/hr/skills",
  codec: skillsEventCodec,
  defaultPorts: { httpPort: 3001, grpcPort: 50051 },
  grpcService: skillsV1.SkillsServiceService,
  async setup({ store, db, notifyOutbox, kafka, producer, config, logger }) {
    const skillMaps = new SkillMapStore(db, store, notifyOutbox);
    await skillMaps.init(defaultSkillMaps());
    const handlers = new SkillProfileHandlers(store, skillMaps, notifyOutbox);
    const readModel = new SkillProfileReadModel(db, store);
    const queries = new SkillProfileQueries(store, skillMaps, readModel);
    const profiles = readModel.consumer({
      kafka,
      producer,
      topic: `${config.topicPrefix}hr.skills.v1`,
      deadLetterTopic: `${config.topicPrefix}hr.skills.profiles.dlq.v1`,
      groupId: `${config.topicPrefix}skills-profiles`,
      codec: skillsEventCodec,
      logger,
      partitions: config.topicPartitions,
    });
    return {
      operations: skillsOperations(handlers, queries, skillMaps),
      routes: skillsRoutes,
      background: [profiles],
    };
  },
};
