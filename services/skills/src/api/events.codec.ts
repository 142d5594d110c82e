import { type EventData, protobufCodec } from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { SKILL_PROFILE_EVENT_TYPES } from "../domain";
import { fromProtoEnums, toProtoEnums } from "./enums";

/** hr.skills.v1: each domain event type is the proto message of the same name. */
export const skillsEventCodec = protobufCodec(
  "hr.skills.v1",
  Object.fromEntries(SKILL_PROFILE_EVENT_TYPES.map((type) => [type, skillsV1[type]])),
  {
    toMessage: (data) => toProtoEnums(data) as unknown as Record<string, unknown>,
    fromMessage: (message) => fromProtoEnums(message) as unknown as EventData,
  },
);
