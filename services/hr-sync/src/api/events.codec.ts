import { combineCodecs, type ProtoMessageFns, protobufCodec } from "@hr/kit";
import * as postingsEvents from "@hr/proto/gen/hr/postings/v1/events";
import * as secondmentEvents from "@hr/proto/gen/hr/secondment/v1/events";
import * as skillsEvents from "@hr/proto/gen/hr/skills/v1/events";
import * as trainingEvents from "@hr/proto/gen/hr/training/v1/events";

/**
 * Event types that are reference data about no employee (no `employee_id`, keyed by their own stream):
 * decoded so they are not dead letters, and acknowledged without a fact, since no record depends on them.
 */
export const REFERENCE_DATA_TYPES: ReadonlySet<string> = new Set(["hr.skills.v1.SkillMapRevisionLoaded"]);

/**
 * The event messages of a package's `events.proto`: every message with the convention field
 * `effective_date` (employee facts also have `employee_id`), which leaves out parts such as `Destination`.
 * Taken from the generated code, so a message added to a package is decoded once hr-sync is rebuilt with it.
 */
function eventMessages(module: Record<string, unknown>): Record<string, ProtoMessageFns<unknown>> {
  const out: Record<string, ProtoMessageFns<unknown>> = {};
  for (const [name, value] of Object.entries(module)) {
    const fns = value as Partial<ProtoMessageFns<unknown>>;
    if (typeof fns?.decode !== "function" || typeof fns.fromPartial !== "function") continue;
    const blank = fns.fromPartial({}) as Record<string, unknown>;
    if ("effectiveDate" in blank) out[name] = fns as ProtoMessageFns<unknown>;
  }
  return out;
}

/** hr.postings.v1, which hr-sync publishes (domain data are the proto messages themselves). */
export const postingsEventCodec = protobufCodec("hr.postings.v1", eventMessages(postingsEvents));

/**
 * What the consumer decodes: the four packages. An unknown type of a known package (a message added
 * to a package after this build) is `unknown-type` for the consumer, which sends it to the DLQ with the
 * original bytes; after an upgrade that knows it, it is replayed from the DLQ (see README).
 */
export const consumedEventsCodec = combineCodecs(
  protobufCodec("hr.skills.v1", eventMessages(skillsEvents)),
  protobufCodec("hr.training.v1", eventMessages(trainingEvents)),
  protobufCodec("hr.secondment.v1", eventMessages(secondmentEvents)),
  postingsEventCodec,
);

export const CONSUMED_TOPICS = ["hr.skills.v1", "hr.training.v1", "hr.secondment.v1", "hr.postings.v1"];
export const DLQ_TOPIC = "hr.sync.dlq.v1";
