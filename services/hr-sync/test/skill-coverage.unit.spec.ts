import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  type Classification,
  DEFAULT_CLASSIFICATION,
  DEFAULT_SKILL_MAPS,
  departmentKpis,
  employeeHistory,
  evaluationRecord,
  evaluationRecordsCsv,
  type Fact,
} from "../src/domain";
import { assessed, E, fact } from "./facts.fixtures";

/** Skill coverage against roles: the target role on the year's last day against the levels that day. */
const MAPS: Classification = {
  ...DEFAULT_CLASSIFICATION,
  skillMaps: [
    {
      fiscalYear: 2024,
      roles: [
        {
          id: "data-engineer",
          requirements: [
            { skillId: "data", level: 3 },
            { skillId: "cloud", level: 2 },
          ],
        },
        { id: "designer", requirements: [{ skillId: "design", level: 2 }] },
      ],
    },
    // From FY2025 the data engineer needs more cloud.
    {
      fiscalYear: 2025,
      roles: [
        {
          id: "data-engineer",
          requirements: [
            { skillId: "data", level: 3 },
            { skillId: "cloud", level: 3 },
          ],
        },
      ],
    },
  ],
};

const targetRole = (roleId: string, effectiveDate: string, catalogueFiscalYear = 2024) =>
  fact(
    "hr.skills.v1.TargetRoleSet",
    { roleId, effectiveDate, catalogueFiscalYear },
    { id: `tr-${roleId}-${effectiveDate}` },
  );
const record = (facts: Fact[], fy: number, employeeId = E) =>
  evaluationRecord(employeeHistory(employeeId, facts), fy, MAPS);

describe("skill coverage against the target role", () => {
  const meeting = [
    targetRole("data-engineer", "2024-04-10"),
    assessed("a1", "2023-10-01", "data", 3),
    assessed("a2", "2024-12-01", "cloud", 2),
  ];

  it("given levels on the year's last day that meet every requirement, then the role is met, with the events behind it", () => {
    expect(record(meeting, 2024).targetRole).toEqual({
      roleId: "data-engineer",
      catalogueFiscalYear: 2024,
      meetsAll: true,
      skillsShort: [],
      evidence: [
        expect.objectContaining({
          eventId: "tr-data-engineer-2024-04-10",
          eventType: "hr.skills.v1.TargetRoleSet",
        }),
        expect.objectContaining({ eventType: "hr.skills.v1.SkillAssessed", effectiveDate: "2023-10-01" }),
        expect.objectContaining({ eventType: "hr.skills.v1.SkillAssessed", effectiveDate: "2024-12-01" }),
      ],
    });
  });

  it("given the next year's skill map requiring more, then the same levels fall short there, naming the skill", () => {
    const next = record([...meeting, assessed("a3", "2025-06-01", "data", 4)], 2025).targetRole;
    expect(next).toMatchObject({ catalogueFiscalYear: 2025, meetsAll: false, skillsShort: ["cloud"] });
  });

  it("given a role set after the year ended, then that year has none; a role changed within a year counts as it was on the last day", () => {
    const facts = [...meeting, targetRole("designer", "2025-01-15"), assessed("a4", "2023-05-01", "x", 1)];
    expect(record(facts, 2023).targetRole).toBeUndefined();
    expect(record(facts, 2024).targetRole).toMatchObject({
      roleId: "designer",
      meetsAll: false,
      skillsShort: ["design"],
    });
  });

  it("given a role no skill map version holds, then it is listed but not met", () => {
    expect(record([targetRole("astronaut", "2024-05-01")], 2024).targetRole).toMatchObject({
      roleId: "astronaut",
      catalogueFiscalYear: 0,
      meetsAll: false,
      skillsShort: [],
    });
  });

  describe("settings cleared, corrected and voided (by target_role_id)", () => {
    const set = (id: string, roleId: string, effectiveDate: string) =>
      fact("hr.skills.v1.TargetRoleSet", {
        targetRoleId: id,
        roleId,
        effectiveDate,
        catalogueFiscalYear: 2024,
      });

    it("given a clearing within the year, then that year has none, and a role set again later counts", () => {
      const facts = [
        set("tr1", "data-engineer", "2024-04-10"),
        fact("hr.skills.v1.TargetRoleCleared", { targetRoleId: "tr2", effectiveDate: "2024-11-01" }),
        set("tr3", "designer", "2025-05-01"),
      ];
      expect(record(facts, 2024).targetRole).toBeUndefined();
      expect(record(facts, 2025).targetRole?.roleId).toBe("designer");
    });

    it("given a setting corrected into the next fiscal year with another role, then it moves; voided, it is gone", () => {
      const corrected = [
        set("tr1", "data-engineer", "2024-04-10"),
        fact("hr.skills.v1.TargetRoleCorrected", {
          targetRoleId: "tr1",
          roleId: "designer",
          catalogueFiscalYear: 2024,
          effectiveDate: "2025-04-10",
          reasonCode: "RECORD_CHANGE_REASON_WRONG_DATE",
        }),
      ];
      expect(record(corrected, 2024).targetRole).toBeUndefined();
      expect(record(corrected, 2025).targetRole?.roleId).toBe("designer");
      const voided = [
        ...corrected,
        fact("hr.skills.v1.TargetRoleVoided", { targetRoleId: "tr1", effectiveDate: "2025-04-10" }),
      ];
      expect(record(voided, 2025).targetRole).toBeUndefined();
    });

    it("given settings recorded before ids existed, then they read as target-role-N in recorded order, as skills counts them", () => {
      const facts = [
        targetRole("data-engineer", "2024-04-10"),
        targetRole("designer", "2024-06-01"),
        fact("hr.skills.v1.TargetRoleVoided", { targetRoleId: "target-role-2", effectiveDate: "2024-06-01" }),
      ];
      expect(record(facts, 2024).targetRole?.roleId).toBe("data-engineer");
    });
  });

  it("given a department's records, then the KPIs count employees with a target role and those meeting it", () => {
    const records = [
      record(meeting, 2024, E),
      record([targetRole("designer", "2024-06-01")], 2024, "E2"),
      record([assessed("b1", "2024-06-01", "data", 2)], 2024, "E3"),
    ];
    expect(departmentKpis("DX", 2024, records)).toMatchObject({
      employeeCount: 3,
      employeesWithTargetRole: 2,
      employeesMeetingTargetRole: 1,
    });
  });

  it("given records with and without a target role, then the CSV's last columns show the role, whether it is met and what falls short", () => {
    const csv = evaluationRecordsCsv([
      record(meeting, 2025),
      record([assessed("b1", "2024-06-01", "data", 2)], 2024, "E3"),
    ]);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.target_role, r.meets_target_role, r.target_role_skills_short])).toEqual([
      ["data-engineer", "no", "cloud"],
      ["", "", ""],
    ]);
  });

  it("by default, the skill maps the skills service ships: every role has requirements", () => {
    expect(DEFAULT_SKILL_MAPS.map((m) => m.fiscalYear)).toEqual([2024, 2025]);
    for (const map of DEFAULT_SKILL_MAPS)
      for (const role of map.roles) expect(role.requirements.length).toBeGreaterThan(0);
  });
});
