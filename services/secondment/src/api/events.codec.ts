import { type ProtoMessageFns, protobufCodec } from "@hr/kit";
import { secondmentV1 } from "@hr/proto";
import * as skillsEvents from "@hr/proto/gen/hr/skills/v1/events";
import { SECONDMENT_EVENT_TYPES } from "../domain";

/**
 * hr.secondment.v1: each domain event type is the proto message of the same name; codes are already the
 * proto enum names, so data and message need no mapping (`yearPlan` has no field and stays unpublished).
 */
export const secondmentEventCodec = protobufCodec(
  "hr.secondment.v1",
  Object.fromEntries(SECONDMENT_EVENT_TYPES.map((type) => [type, secondmentV1[type]])),
);

/**
 * hr.skills.v1 as this service reads it (for hiring dates): every message of the skills events file, so
 * that the types this service ignores are decoded and skipped, not dead-lettered as unknown.
 */
export const skillsEventCodec = protobufCodec("hr.skills.v1", messagesOf(skillsEvents));

/** The message fns of a generated module (its enums and helper functions left out). */
function messagesOf(module: Record<string, unknown>): Record<string, ProtoMessageFns<unknown>> {
  const messages: Record<string, ProtoMessageFns<unknown>> = {};
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "object" && value !== null && "decode" in value) {
      messages[name] = value as ProtoMessageFns<unknown>;
    }
  }
  return messages;
}
