import { protoEnum } from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { type TProperties, type TSchema, Type } from "@sinclair/typebox";

/**
 * What each operation answers (the 200 of its REST route), for the OpenAPI document: field names as in
 * the replies (proto fields in camelCase, enums by their proto names). Objects stay open (a new field
 * is an extension, not a break); Schemathesis checks every reply against these in `./run contracts`.
 */
const Text = Type.String();
const Whole = Type.Integer();
const Day = Type.String({ format: "date" });
const StreamVersion = Type.Integer({ minimum: 1, description: "Version of the employee's stream after it" });
const AssessorKind = protoEnum(skillsV1.AssessorKind, "Who assessed");
const Basis = protoEnum(skillsV1.JobTypeChangeBasis, "Why the job type changed");
const Track = protoEnum(skillsV1.CareerTrack, "Career ladder track");
const Capability = protoEnum(skillsV1.Capability, "Digital (DQ) or government (GQ) capability");
const Balance = record(
  { dqSkills: Whole, gqSkills: Whole, dqLevelTotal: Whole, gqLevelTotal: Whole },
  { dqPercent: Whole },
  "DQ/GQ balance of the levels held",
);

/** An object whose listed fields are always there, and whose `optional` fields may be. */
function record(required: TProperties, optional: TProperties = {}, description?: string): TSchema {
  const maybe = Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, Type.Optional(v)]));
  return Type.Object({ ...required, ...maybe }, description ? { description } : {});
}

const accepted = (fields: TProperties) => record({ ...fields, streamVersion: StreamVersion });

export const AssessmentReply = accepted({ assessmentId: Text });
export const JobTypeChangeReply = accepted({ changeId: Text });
export const TargetRoleReply = accepted({ roleId: Text, targetRoleId: Text });
export const TargetRoleRecordReply = accepted({ targetRoleId: Text });
export const CareerTrackReply = accepted({ track: Track, choiceId: Text });
export const CareerTrackChoiceReply = accepted({ choiceId: Text });

const JobTypeStep = record(
  { changeId: Text, toJobType: Text, effectiveDate: Day, basis: Basis, correctionReasons: Type.Array(Text) },
  { fromJobType: Text, basisDetail: Text },
);

export const ProfileReply = record({
  profile: record(
    {
      employeeId: Text,
      asOf: Day,
      jobTypeHistory: Type.Array(JobTypeStep),
      scheduledJobTypeChanges: Type.Array(JobTypeStep),
      targetRoleHistory: Type.Array(
        record(
          { targetRoleId: Text, effectiveDate: Day, correctionReasons: Type.Array(Text) },
          { roleId: Text },
        ),
      ),
      careerTrackHistory: Type.Array(
        record({ choiceId: Text, effectiveDate: Day, correctionReasons: Type.Array(Text) }, { track: Track }),
      ),
      skills: Type.Array(
        record(
          {
            skillId: Text,
            level: Whole,
            assessedOn: Day,
            assessor: AssessorKind,
            history: Type.Array(record({})),
          },
          { skillName: Text },
        ),
      ),
    },
    {
      jobType: record(
        { jobType: Text, since: Day, basis: Basis, wholeYears: Whole, fiscalYearInJobType: Whole },
        { basisDetail: Text },
      ),
      targetRole: record({
        targetRoleId: Text,
        roleId: Text,
        since: Day,
        catalogueFiscalYear: Whole,
        correctionReasons: Type.Array(Text),
      }),
      careerTrack: record({ choiceId: Text, track: Track, since: Day, correctionReasons: Type.Array(Text) }),
      capabilityBalance: Balance,
    },
  ),
  streamVersion: Type.Integer({ minimum: 0 }),
});

const Gap = record({
  skillId: Text,
  skillName: Text,
  requiredLevel: Whole,
  heldLevel: Whole,
  shortfall: Whole,
  capability: Capability,
});

export const GapReportReply = record({
  employeeId: Text,
  asOf: Day,
  roleId: Text,
  roleName: Text,
  catalogueFiscalYear: Whole,
  catalogueRevision: Whole,
  meetsAll: Type.Boolean(),
  gaps: Type.Array(Gap),
  met: Type.Array(Gap),
  totalShortfall: Whole,
  capabilityBalance: Balance,
});

export const RoleCoverageReply = record({
  asOf: Day,
  catalogueFiscalYear: Whole,
  staffCount: Whole,
  roles: Type.Array(
    record({
      roleId: Text,
      roleName: Text,
      staffMeetingAll: Whole,
      staffTargeting: Whole,
      staffTargetingMeetingAll: Whole,
    }),
  ),
  skills: Type.Array(
    record({
      skillId: Text,
      skillName: Text,
      byLevel: Type.Array(record({ level: Whole, staff: Whole })),
      notAssessed: Whole,
    }),
  ),
});

export const SkillMapReply = record({
  skillMap: record({
    fiscalYear: Whole,
    revision: Whole,
    levels: Type.Array(record({ level: Whole, name: Text })),
    categories: Type.Array(record({ id: Text, name: Text, capability: Capability })),
    skills: Type.Array(record({ id: Text, name: Text, categoryId: Text })),
    roles: Type.Array(
      record({ id: Text, name: Text, requirements: Type.Array(record({ skillId: Text, level: Whole })) }),
    ),
  }),
  loadedFiscalYears: Type.Array(Whole),
});

export const LoadSkillMapReply = record({ fiscalYear: Whole, replaced: Type.Boolean(), revision: Whole });
