/**
 * The service's own read model of job types (職種), learnt from `hr.skills.v1`: what overseas dispatch
 * training eligibility needs. One document per employee (`_id`), holding each job type change as it
 * counts now (corrected, or voided). Events of one employee share a partition and are handled one at a
 * time, so the document has one writer. Idempotent and order-tolerant: a change is only overwritten by an
 * event later in the employee's skills stream (`ce_sequence`), so redelivery and replay change nothing.
 */
import {
  type BackgroundTask,
  type EventCodec,
  ensureTopics,
  type Logger,
  ProjectionConsumer,
  type ProtoMessageFns,
  protobufCodec,
  type ReceivedEvent,
} from "@hr/kit";
import * as skillsEvents from "@hr/proto/gen/hr/skills/v1/events";
import type { Kafka, Producer } from "kafkajs";
import type { Collection, Db } from "mongodb";
import type { JobTypePeriodStart } from "../domain";

export const SKILLS_TOPIC = "hr.skills.v1";

/**
 * Every message of hr.skills.v1's events.proto decodes (an unknown type would go to the dead-letter
 * topic): the job type ones are projected, the others acknowledged and left alone.
 */
export const skillsTopicCodec: EventCodec = protobufCodec(
  "hr.skills.v1",
  Object.fromEntries(
    Object.entries(skillsEvents).filter(([, value]) => typeof value === "object" && "decode" in value) as [
      string,
      ProtoMessageFns<unknown>,
    ][],
  ),
);

interface ChangeEntry {
  jobType: string;
  effectiveDate: string;
  voided: boolean;
  /** Position of the event that set this entry in the employee's skills stream. */
  sequence: number;
}

interface EmployeeJobTypes {
  _id: string;
  changes: Record<string, ChangeEntry>;
}

export class JobTypeReadModel {
  private readonly employees: Collection<EmployeeJobTypes>;

  constructor(db: Db) {
    this.employees = db.collection<EmployeeJobTypes>("employee_job_types");
  }

  /** The employee's job type changes that count, for the eligibility rule. */
  async historyOf(employeeId: string): Promise<JobTypePeriodStart[]> {
    const doc = await this.employees.findOne({ _id: employeeId });
    return Object.values(doc?.changes ?? {})
      .filter((c) => !c.voided)
      .map(({ jobType, effectiveDate }) => ({ jobType, effectiveDate }));
  }

  async project(received: ReceivedEvent): Promise<void> {
    const { type, data } = received.event as unknown as { type: string; data: Record<string, unknown> };
    if (!type.startsWith("JobTypeChange")) return;
    const employeeId = String(data.employeeId);
    const changeId = String(data.changeId);
    const sequence = Number(received.sequence ?? 0);
    const doc = (await this.employees.findOne({ _id: employeeId })) ?? { _id: employeeId, changes: {} };
    const before = doc.changes[changeId];
    if (before && before.sequence >= sequence) return;
    const entry: ChangeEntry =
      type === "JobTypeChangeVoided"
        ? {
            jobType: before?.jobType ?? "",
            effectiveDate: String(data.effectiveDate),
            voided: true,
            sequence,
          }
        : {
            jobType: String(data.toJobType),
            effectiveDate: String(data.effectiveDate),
            voided: false,
            sequence,
          };
    await this.employees.replaceOne(
      { _id: employeeId },
      { changes: { ...doc.changes, [changeId]: entry } },
      { upsert: true },
    );
  }
}

/**
 * The consumer that keeps the read model, from the beginning of the topic. The topics are created if the
 * skills service has not created them yet, so the training service can start first.
 */
export function jobTypeProjection(options: {
  kafka: Kafka;
  producer: Producer;
  topicPrefix: string;
  partitions: number;
  readModel: JobTypeReadModel;
  logger: Logger;
}): BackgroundTask {
  const skillsTopic = options.topicPrefix + SKILLS_TOPIC;
  const deadLetterTopic = `${options.topicPrefix}hr.training.dlq.v1`;
  const consumer = new ProjectionConsumer({
    kafka: options.kafka,
    groupId: `${options.topicPrefix}training.job-types`,
    topics: [skillsTopic],
    codec: skillsTopicCodec,
    handle: (event) => options.readModel.project(event),
    deadLetter: { topic: deadLetterTopic, producer: options.producer },
    logger: options.logger,
    fromBeginning: true,
  });
  return {
    async start() {
      const admin = options.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [skillsTopic, deadLetterTopic], options.partitions);
      } finally {
        await admin.disconnect();
      }
      await consumer.start();
    },
    stop: () => consumer.stop(),
  };
}
