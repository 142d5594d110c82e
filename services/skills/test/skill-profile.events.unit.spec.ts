/**
 * The contract between domain events and proto messages: every event type names a message of
 * hr.skills.v1, and every data field is a field of that message (same name in camelCase), so the codec
 * is `Message.fromPartial(data)` plus the enum mapping (`AssessorKind[data.assessor]`).
 */
import { skillsV1 } from "@hr/proto";
import { describe, expect, it } from "vitest";
import { SKILL_PROFILE_EVENT_TYPES, type SkillProfileEvent } from "../src/domain/skill-profile.events";
import {
  CATALOGUES,
  changeJobType,
  EMPLOYEE,
  electricalToIct,
  given,
  historyOf,
  record,
} from "./domain-fixtures";

function everyEventType(): SkillProfileEvent[] {
  const jobTypes = electricalToIct();
  const assessments = historyOf(record(), record({ assessmentId: "a2" }));
  const state = [...jobTypes, ...assessments];
  const decide = (command: Parameters<ReturnType<typeof given>["when"]>[0]) =>
    given(state).when(command).events();
  return [
    ...jobTypes,
    ...assessments,
    ...decide({
      type: "CorrectAssessment",
      employeeId: EMPLOYEE,
      assessmentId: "a1",
      level: 2,
      reason: "r",
      catalogues: CATALOGUES,
    }),
    ...decide({ type: "VoidAssessment", employeeId: EMPLOYEE, assessmentId: "a2", reason: "r" }),
    ...decide({
      type: "SetTargetRole",
      employeeId: EMPLOYEE,
      roleId: "data-engineer",
      effectiveDate: "2024-04-01",
      catalogues: CATALOGUES,
    }),
    ...decide({
      type: "CorrectJobTypeChange",
      employeeId: EMPLOYEE,
      changeId: "c2",
      effectiveDate: "2023-05-01",
      reason: "r",
    }),
    ...decide({ type: "VoidJobTypeChange", employeeId: EMPLOYEE, changeId: "c2", reason: "r" }),
    ...decide({
      type: "ChooseCareerTrack",
      employeeId: EMPLOYEE,
      track: "SPECIALIST",
      effectiveDate: "2024-04-01",
    }),
    ...given([])
      .when(changeJobType({ basisDetail: "Hired through career-use selection" }))
      .events(),
  ];
}

const ENUM_FIELDS: Record<string, Record<string, string>> = {
  assessor: skillsV1.AssessorKind,
  basis: skillsV1.JobTypeChangeBasis,
  track: skillsV1.CareerTrack,
};

/** What ts-proto generates for every message, with the message type left open. */
interface MessageCodec {
  fromPartial(data: object): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): Record<string, unknown>;
}

/** Proto enum value back to the domain's name: `ASSESSOR_KIND_SELF` → `SELF`. */
function enumName(values: Record<string, string> | undefined, value: unknown): unknown {
  return values ? Object.keys(values).find((key) => values[key] === value) : value;
}

describe("domain events and hr.skills.v1 messages", () => {
  const events = everyEventType();

  it("covers every event type", () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(SKILL_PROFILE_EVENT_TYPES));
  });

  it.each(events.map((e) => [e.type, e] as const))(
    "%s survives a protobuf round trip unchanged",
    (_type, event) => {
      const codec = skillsV1[event.type] as unknown as MessageCodec;
      const toProto = Object.fromEntries(
        Object.entries(event.data).map(([k, v]) => [k, ENUM_FIELDS[k]?.[v as string] ?? v]),
      );
      const decoded = codec.decode(codec.encode(codec.fromPartial(toProto)).finish());
      const fromProto = Object.fromEntries(
        Object.entries(decoded)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, enumName(ENUM_FIELDS[k], v)]),
      );
      expect(fromProto).toEqual(event.data);
    },
  );
});
