import { type EventSourcedServiceSpec, ensureTopics, ProjectionConsumer } from "@hr/kit";
import { secondmentV1 } from "@hr/proto";
import type { Kafka } from "kafkajs";
import { secondmentEventCodec, skillsEventCodec } from "./api/events.codec";
import { secondmentOperations, secondmentRoutes } from "./api/operations";
import { HiringDates } from "./application/hiring-dates";
import { HostRegistry } from "./application/host-registry";
import { SecondmentHandlers } from "./application/secondment.handlers";
import { SecondmentQueries } from "./application/secondment.queries";
import { SecondmentCalendar } from "./application/secondment-calendar";
import { DEFAULT_LENGTH_POLICY, parseLengthPolicy } from "./domain";

const TOPIC = "hr.secondment.v1";
const SKILLS_TOPIC = "hr.skills.v1";
/** Events this service's own projections cannot apply (none expected: they come from its own decider). */
const DEAD_LETTER_TOPIC = "hr.secondment.dlq.v1";

/** services/secondment: secondments and their hosts, published on hr.secondment.v1. */
export const secondmentService: EventSourcedServiceSpec = {
  name: "secondment",
  title: "HR secondment service",
  description:
    "Secondments (派遣) of staff to private firms, GovTech Tokyo, the Digital Agency, affiliated and public " +
    "bodies: agreement, start, extension, end, return or transfer of employment, cancellation and corrections, " +
    "with the host registry. Every change is an event on the Kafka topic hr.secondment.v1.",
  version: "1.0.0",
  topic: TOPIC,
  source: "/hr/secondment",
  codec: secondmentEventCodec,
  defaultPorts: { httpPort: 3003, grpcPort: 50053 },
  grpcService: secondmentV1.SecondmentServiceService,
  async setup({ store, db, notifyOutbox, config, kafka, producer, logger }) {
    const prefixed = (topic: string) => config.topicPrefix + topic;
    const partitions = await prepareTopics(kafka, [SKILLS_TOPIC, DEAD_LETTER_TOPIC].map(prefixed), {
      partitions: config.topicPartitions,
      countOf: prefixed(TOPIC),
    });
    // SECONDMENT_LENGTH_POLICY (JSON) replaces the public defaults per host kind; a bad one stops the start.
    const policy = process.env.SECONDMENT_LENGTH_POLICY
      ? parseLengthPolicy(process.env.SECONDMENT_LENGTH_POLICY)
      : DEFAULT_LENGTH_POLICY;
    const hosts = new HostRegistry(db);
    await hosts.init();
    const hiringDates = new HiringDates(db);
    const calendar = new SecondmentCalendar(db, partitions);
    const handlers = new SecondmentHandlers(store, hosts, hiringDates, policy, notifyOutbox);
    const queries = new SecondmentQueries(store, calendar, hiringDates);
    const deadLetter = { topic: prefixed(DEAD_LETTER_TOPIC), producer };
    const consumer = (
      group: string,
      topic: string,
      codec: typeof secondmentEventCodec,
      handle: typeof calendar.project,
    ) =>
      new ProjectionConsumer({
        kafka,
        groupId: prefixed(group),
        topics: [prefixed(topic)],
        codec,
        handle,
        deadLetter,
        logger,
      });
    return {
      operations: secondmentOperations(hosts, handlers, queries),
      routes: secondmentRoutes,
      background: [
        consumer("secondment-calendar", TOPIC, secondmentEventCodec, calendar.project),
        consumer("secondment-hiring-dates", SKILLS_TOPIC, skillsEventCodec, hiringDates.project),
      ],
    };
  },
};

/** Creates the topics this service reads or dead-letters to, and returns the partition count of `countOf`. */
async function prepareTopics(
  kafka: Kafka,
  topics: string[],
  options: { partitions: number; countOf: string },
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, options.partitions);
    const metadata = await admin.fetchTopicMetadata({ topics: [options.countOf] });
    return metadata.topics[0]?.partitions.length ?? options.partitions;
  } finally {
    await admin.disconnect();
  }
}
