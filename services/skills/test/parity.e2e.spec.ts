import { credentials } from "@grpc/grpc-js";
import { signToken, startEventSourcedService } from "@hr/kit";
import { healthV1, skillsV1 } from "@hr/proto";
import {
  describeParity,
  type ParityOperation,
  reflectedServices,
  serviceUnderTest,
  testNamespace,
} from "@hr/testing";
import { describe, expect, it } from "vitest";
import { skillsRoutes } from "../src/api/operations";
import { skillsService } from "../src/skills.service";

/**
 * Every RPC of hr.skills.v1.SkillsService over gRPC (generated client, proto3 defaults for whatever
 * is unset) and over REST with the same request, compared. Cases run in order: the commands build two
 * twin employees (one per API), the queries then read them.
 */
const ns = testNamespace();
const skills = serviceUnderTest(skillsService, ns, { start: startEventSourcedService, sign: signToken });

type Answers = Record<string, Record<string, unknown>>;
const E = "PAR1";
const changeId = (answers: Answers, name: string) => String(answers[name]?.changeId);
const assessmentId = (answers: Answers, name: string) => String(answers[name]?.assessmentId);
const targetRoleId = (answers: Answers, name: string) => String(answers[name]?.targetRoleId);
const choiceId = (answers: Answers, name: string) => String(answers[name]?.choiceId);

const operations: ParityOperation[] = [
  {
    method: "ChangeJobType",
    cases: [
      {
        name: "hiring, basis detail unset",
        request: (t) => ({
          requestId: t.id("par-hire"),
          employeeId: t.id(E),
          toJobType: "ELECTRICAL",
          effectiveDate: "2019-04-01",
          basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
        }),
      },
      {
        name: "to ICT with a qualification",
        request: (t) => ({
          requestId: t.id("par-ict"),
          employeeId: t.id(E),
          toJobType: "ICT",
          effectiveDate: "2023-04-01",
          basis: "JOB_TYPE_CHANGE_BASIS_QUALIFICATION",
          basisDetail: "Registered Information Security Specialist",
        }),
      },
      {
        name: "to ADMINISTRATIVE, to be voided",
        request: (t) => ({
          requestId: t.id("par-admin"),
          employeeId: t.id(E),
          toJobType: "ADMINISTRATIVE",
          effectiveDate: "2024-10-01",
          basis: "JOB_TYPE_CHANGE_BASIS_OTHER",
          basisDetail: "recorded in error",
        }),
      },
      {
        name: "a qualification without its detail is refused by field",
        request: (t) => ({
          requestId: t.id("par-nodetail"),
          employeeId: t.id(E),
          toJobType: "ICT",
          effectiveDate: "2024-04-01",
          basis: "JOB_TYPE_CHANGE_BASIS_QUALIFICATION",
        }),
      },
    ],
  },
  {
    method: "CorrectJobTypeChange",
    cases: [
      {
        name: "only the date corrected: job type, basis and detail unset keep their values",
        request: (t, answers) => ({
          requestId: t.id("par-jtc-fix"),
          employeeId: t.id(E),
          changeId: changeId(answers, "to ICT with a qualification"),
          effectiveDate: "2023-05-01",
          reason: "the decision took effect a month later",
        }),
      },
    ],
  },
  {
    method: "VoidJobTypeChange",
    cases: [
      {
        name: "a change recorded in error",
        request: (t, answers) => ({
          requestId: t.id("par-jtc-void"),
          employeeId: t.id(E),
          changeId: changeId(answers, "to ADMINISTRATIVE, to be voided"),
          reason: "recorded for the wrong person",
        }),
      },
    ],
  },
  {
    method: "RecordAssessment",
    cases: [
      {
        name: "by the manager",
        request: (t) => ({
          requestId: t.id("par-a1"),
          employeeId: t.id(E),
          skillId: "security-engineering",
          level: 3,
          assessor: "ASSESSOR_KIND_MANAGER",
          assessedOn: "2024-06-01",
          note: "Led the incident review",
        }),
      },
      {
        name: "self-assessment, note unset",
        request: (t) => ({
          requestId: t.id("par-a2"),
          employeeId: t.id(E),
          skillId: "network",
          level: 2,
          assessor: "ASSESSOR_KIND_SELF",
          assessedOn: "2024-06-02",
        }),
      },
      {
        name: "by the career mentor, on a government (GQ) skill",
        request: (t) => ({
          requestId: t.id("par-a4"),
          employeeId: t.id(E),
          skillId: "policy-planning",
          level: 2,
          assessor: "ASSESSOR_KIND_CAREER_MENTOR",
          assessedOn: "2024-06-03",
        }),
      },
      {
        name: "a skill the map does not have is refused by rule",
        request: (t) => ({
          requestId: t.id("par-a3"),
          employeeId: t.id(E),
          skillId: "no-such-skill",
          level: 2,
          assessor: "ASSESSOR_KIND_SELF",
          assessedOn: "2024-06-02",
        }),
      },
    ],
  },
  {
    method: "CorrectAssessment",
    cases: [
      {
        name: "only the level corrected: skill unset keeps its value",
        request: (t, answers) => ({
          requestId: t.id("par-ac"),
          employeeId: t.id(E),
          assessmentId: assessmentId(answers, "by the manager"),
          level: 4,
          reason: "typo",
        }),
      },
    ],
  },
  {
    method: "VoidAssessment",
    cases: [
      {
        name: "an assessment recorded in error",
        request: (t, answers) => ({
          requestId: t.id("par-av"),
          employeeId: t.id(E),
          assessmentId: assessmentId(answers, "self-assessment, note unset"),
          reason: "recorded for the wrong person",
        }),
      },
    ],
  },
  {
    method: "SetTargetRole",
    cases: [
      {
        name: "a role of the skill map",
        request: (t) => ({
          requestId: t.id("par-tr"),
          employeeId: t.id(E),
          roleId: "cybersecurity-engineer",
          effectiveDate: "2024-04-01",
        }),
      },
    ],
  },
  {
    method: "ClearTargetRole",
    cases: [
      {
        name: "no target role from October",
        request: (t) => ({ requestId: t.id("par-trc"), employeeId: t.id(E), effectiveDate: "2024-10-01" }),
      },
    ],
  },
  {
    method: "CorrectTargetRole",
    cases: [
      {
        name: "only the clearing's date corrected: role unset, reason code unset",
        request: (t, answers) => ({
          requestId: t.id("par-trfix"),
          employeeId: t.id(E),
          targetRoleId: targetRoleId(answers, "no target role from October"),
          effectiveDate: "2024-11-01",
          reason: "the decision came a month later",
        }),
      },
      {
        name: "a role given to a clearing is refused by rule",
        request: (t, answers) => ({
          requestId: t.id("par-trbad"),
          employeeId: t.id(E),
          targetRoleId: targetRoleId(answers, "no target role from October"),
          roleId: "data-engineer",
          reason: "wrong",
        }),
      },
    ],
  },
  {
    method: "VoidTargetRole",
    cases: [
      {
        name: "the clearing, recorded in error",
        request: (t, answers) => ({
          requestId: t.id("par-trvoid"),
          employeeId: t.id(E),
          targetRoleId: targetRoleId(answers, "no target role from October"),
          reason: "recorded for the wrong person",
          reasonCode: "RECORD_CHANGE_REASON_WRONG_EMPLOYEE",
        }),
      },
    ],
  },
  {
    method: "ChooseCareerTrack",
    cases: [
      {
        name: "specialist",
        request: (t) => ({
          requestId: t.id("par-ct"),
          employeeId: t.id(E),
          track: "CAREER_TRACK_SPECIALIST",
          effectiveDate: "2024-04-01",
        }),
      },
    ],
  },
  {
    method: "ClearCareerTrack",
    cases: [
      {
        name: "no track from October",
        request: (t) => ({ requestId: t.id("par-ctc"), employeeId: t.id(E), effectiveDate: "2024-10-01" }),
      },
    ],
  },
  {
    method: "CorrectCareerTrackChoice",
    cases: [
      {
        name: "only the track corrected: date unset keeps its value",
        request: (t, answers) => ({
          requestId: t.id("par-ctfix"),
          employeeId: t.id(E),
          choiceId: choiceId(answers, "specialist"),
          track: "CAREER_TRACK_MANAGEMENT",
          reason: "entered the wrong track",
          reasonCode: "RECORD_CHANGE_REASON_ENTRY_ERROR",
        }),
      },
    ],
  },
  {
    method: "VoidCareerTrackChoice",
    cases: [
      {
        name: "the clearing, recorded in error",
        request: (t, answers) => ({
          requestId: t.id("par-ctvoid"),
          employeeId: t.id(E),
          choiceId: choiceId(answers, "no track from October"),
          reason: "recorded twice",
        }),
      },
    ],
  },
  {
    method: "GetProfile",
    cases: [
      { name: "as of a day", request: (t) => ({ employeeId: t.id(E), asOf: "2025-01-01" }) },
      { name: "of someone unknown", request: (t) => ({ employeeId: t.id("NOBODY") }) },
    ],
  },
  {
    method: "GetGapReport",
    cases: [
      {
        name: "against the target role, assessors unset (all count)",
        request: (t) => ({ employeeId: t.id(E), asOf: "2025-01-01" }),
      },
      {
        name: "against a given role, manager assessments only",
        request: (t) => ({
          employeeId: t.id(E),
          roleId: "cybersecurity-engineer",
          asOf: "2025-01-01",
          assessors: ["ASSESSOR_KIND_MANAGER"],
        }),
      },
    ],
  },
  {
    method: "GetRoleCoverage",
    cases: [
      {
        name: "ICT staff, assessors unset (all count)",
        request: () => ({ asOf: "2025-01-01", jobType: "ICT" }),
      },
      {
        name: "self-assessments only",
        request: () => ({ asOf: "2025-01-01", assessors: ["ASSESSOR_KIND_SELF"] }),
      },
    ],
  },
  {
    method: "GetSkillMap",
    cases: [
      { name: "of a fiscal year", request: () => ({ fiscalYear: 2024 }) },
      { name: "a year before any map", request: () => ({ fiscalYear: 2001 }) },
    ],
  },
  {
    method: "LoadSkillMap",
    cases: [
      {
        // gRPC loads it; REST sends the same request id and content, so it gets the same answer.
        name: "a new version for a later year (the same request id on both sides)",
        roles: ["skills-admin"],
        request: (_t, answers) => ({
          requestId: "par-map-2031",
          skillMap: { ...(answers["of a fiscal year"]?.skillMap as object), fiscalYear: 2031 },
        }),
      },
      {
        name: "an inconsistent map is refused by rule",
        roles: ["skills-admin"],
        request: (t, answers) => {
          const map = answers["of a fiscal year"]?.skillMap as { skills: object[] };
          return {
            requestId: t.id("par-map-bad"),
            skillMap: {
              ...map,
              fiscalYear: 2032,
              skills: [...map.skills, { id: "orphan", name: "Orphan", categoryId: "no-such-category" }],
            },
          };
        },
      },
    ],
  },
];

describe("generic gRPC tools", () => {
  it("list the service over reflection and find it SERVING on the standard health service", async () => {
    expect(await reflectedServices(skills.service.grpcAddress)).toEqual([
      "grpc.health.v1.Health",
      "hr.skills.v1.SkillsService",
    ]);
    const health = new healthV1.HealthClient(skills.service.grpcAddress, credentials.createInsecure());
    for (const name of ["", "hr.skills.v1.SkillsService"]) {
      const reply = await new Promise<healthV1.HealthCheckResponse>((resolve, reject) =>
        health.check({ service: name }, (error, answer) => (error ? reject(error) : resolve(answer))),
      );
      expect(reply.status).toBe("SERVING");
    }
    health.close();
  });
});

describeParity({
  target: () => skills.service,
  definition: skillsV1.SkillsServiceService,
  messages: skillsV1,
  routes: skillsRoutes,
  token: (roles) => skills.token(roles as never),
  roles: ["hr-core"],
  operations,
});
