import { type EventData, protobufCodec } from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { SKILL_PROFILE_EVENT_TYPES } from "../domain";
import { fromProtoEnums, toProtoEnums } from "./enums";

/** The skill map's own event, beside the profiles' (skill-map.events.ts). */
export const SKILL_MAP_REVISION_LOADED = "SkillMapRevisionLoaded" as const;

/** hr.skills.v1: each domain event type is the proto message of the same name. */
export const skillsEventCodec = protobufCodec(
  "hr.skills.v1",
  Object.fromEntries(
    [...SKILL_PROFILE_EVENT_TYPES, SKILL_MAP_REVISION_LOADED].map((type) => [type, skillsV1[type]]),
  ),
  {
    toMessage: (data) => toProtoEnums(data) as unknown as Record<string, unknown>,
    fromMessage: (message) => fromProtoEnums(message) as unknown as EventData,
  },
);
