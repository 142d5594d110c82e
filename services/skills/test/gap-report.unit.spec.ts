import { fold } from "@hr/kit";
import { describe, expect, it } from "vitest";
import { gapReport } from "../src/domain/gap-report";
import { profileView } from "../src/domain/profile";
import { roleCoverage } from "../src/domain/role-coverage";
import type { SkillMap } from "../src/domain/skill-map";
import { skillProfileDecider } from "../src/domain/skill-profile.decider";
import { CATALOGUES, historyOf, record, setTarget } from "./domain-fixtures";

const fy2024 = CATALOGUES[0] as SkillMap;
const ASOF = "2024-06-14";

/** A profile from `levels` (skill id → level), assessed by `assessor`, with an optional target role. */
function staff(employeeId: string, levels: Record<string, number>, options: { target?: string } = {}) {
  const commands = Object.entries(levels).map(([skillId, level], i) =>
    record({ employeeId, assessmentId: `${employeeId}-a${i}`, skillId, level }),
  );
  const events = historyOf(...commands);
  if (options.target) {
    events.push(...historyOf(setTarget({ employeeId, roleId: options.target })));
  }
  return profileView(fold(skillProfileDecider, events), ASOF);
}

// data-engineer (FY2024): data-engineering 4, data-analysis 2, cloud-infrastructure 3,
// software-engineering 3, security-engineering 2
const meetsDataEngineer = {
  "data-engineering": 4,
  "data-analysis": 3,
  "cloud-infrastructure": 3,
  "software-engineering": 3,
  "security-engineering": 2,
};

describe("gap report", () => {
  it("lists the skills below the role's level by how much, largest first, and the ones met", () => {
    const profile = staff("E1", { "data-engineering": 3, "data-analysis": 2, "cloud-infrastructure": 1 });
    const report = gapReport(profile, fy2024, "data-engineer");
    expect(report).toMatchObject({
      employeeId: "E1",
      asOf: ASOF,
      roleId: "data-engineer",
      roleName: "Data engineer",
      catalogueFiscalYear: 2024,
      meetsAll: false,
      totalShortfall: 1 + 2 + 3 + 2,
    });
    expect(report.gaps.map((g) => [g.skillId, g.requiredLevel, g.heldLevel, g.shortfall])).toEqual([
      ["software-engineering", 3, 0, 3],
      ["cloud-infrastructure", 3, 1, 2],
      ["security-engineering", 2, 0, 2],
      ["data-engineering", 4, 3, 1],
    ]);
    expect(report.met).toEqual([
      {
        skillId: "data-analysis",
        skillName: "Data analysis",
        requiredLevel: 2,
        heldLevel: 2,
        shortfall: 0,
        capability: "DQ",
      },
    ]);
  });

  it("says which gaps are government capability (GQ) and how the levels held divide between DQ and GQ", () => {
    const profile = staff("E3", { "it-governance": 4, "policy-planning": 2, "budget-finance": 2 });
    const report = gapReport(profile, fy2024, "it-governance-cio-assistant");
    expect(report.gaps.find((g) => g.skillId === "policy-planning")).toMatchObject({
      capability: "GQ",
      shortfall: 1,
    });
    expect(report.gaps.find((g) => g.skillId === "it-governance")?.capability).toBe("DQ");
    expect(report.capabilityBalance).toEqual({
      dqSkills: 1,
      gqSkills: 2,
      dqLevelTotal: 4,
      gqLevelTotal: 4,
      dqPercent: 50,
    });
    expect(gapReport(staff("E4", {}), fy2024, "data-engineer").capabilityBalance).toEqual({
      dqSkills: 0,
      gqSkills: 0,
      dqLevelTotal: 0,
      gqLevelTotal: 0,
    });
  });

  it("shows no gaps when every requirement is met or exceeded", () => {
    const report = gapReport(staff("E2", meetsDataEngineer), fy2024, "data-engineer");
    expect(report.meetsAll).toBe(true);
    expect(report.gaps).toEqual([]);
    expect(report.met).toHaveLength(5);
  });

  it("can leave self-assessments out", () => {
    const events = historyOf(
      record({ assessmentId: "a1", skillId: "data-analysis", level: 2, assessor: "MANAGER" }),
      record({
        assessmentId: "a2",
        skillId: "data-analysis",
        level: 5,
        assessor: "SELF",
        assessedOn: "2024-06-10",
      }),
    );
    const profile = profileView(fold(skillProfileDecider, events), ASOF);
    const confirmed = gapReport(profile, fy2024, "data-scientist", { assessors: ["MANAGER", "EXPERT"] });
    expect(confirmed.gaps.find((g) => g.skillId === "data-analysis")).toMatchObject({
      heldLevel: 2,
      shortfall: 2,
    });
    const all = gapReport(profile, fy2024, "data-scientist");
    expect(all.met.map((g) => g.skillId)).toContain("data-analysis");
  });

  it("refuses a role the skill map does not have, as a rule (the request itself is well-formed)", () => {
    expect(() => gapReport(staff("E1", {}), fy2024, "astronaut")).toThrow(
      expect.objectContaining({ reason: "ROLE_NOT_ON_SKILL_MAP" }),
    );
  });
});

describe("role coverage", () => {
  const profiles = () => [
    staff("E1", meetsDataEngineer, { target: "data-engineer" }),
    staff("E2", { "data-engineering": 2, "data-analysis": 4 }, { target: "data-engineer" }),
    staff("E3", { ...meetsDataEngineer, "data-engineering": 5 }),
    staff("E4", {}),
  ];

  it("counts per role the staff who meet all requirements, and who target it", () => {
    const coverage = roleCoverage(profiles(), fy2024);
    expect(coverage.staffCount).toBe(4);
    expect(coverage.catalogueFiscalYear).toBe(2024);
    expect(coverage.roles).toHaveLength(10);
    expect(coverage.roles.find((r) => r.roleId === "data-engineer")).toEqual({
      roleId: "data-engineer",
      roleName: "Data engineer",
      staffMeetingAll: 2,
      staffTargeting: 2,
      staffTargetingMeetingAll: 1,
    });
    expect(coverage.roles.find((r) => r.roleId === "product-manager")?.staffMeetingAll).toBe(0);
  });

  it("counts per skill how many staff hold each level of the scale", () => {
    const coverage = roleCoverage(profiles(), fy2024);
    expect(coverage.skills).toHaveLength(fy2024.skills.length);
    const dataEngineering = coverage.skills.find((s) => s.skillId === "data-engineering");
    expect(dataEngineering?.byLevel).toEqual([
      { level: 1, staff: 0 },
      { level: 2, staff: 1 },
      { level: 3, staff: 0 },
      { level: 4, staff: 1 },
      { level: 5, staff: 1 },
      { level: 6, staff: 0 },
      { level: 7, staff: 0 },
    ]);
    expect(dataEngineering?.notAssessed).toBe(1);
    expect(coverage.skills.find((s) => s.skillId === "network")?.notAssessed).toBe(4);
  });

  it("is empty but complete over no staff", () => {
    const coverage = roleCoverage([], fy2024);
    expect(coverage.roles.every((r) => r.staffMeetingAll === 0)).toBe(true);
    expect(coverage.skills[0]?.byLevel).toHaveLength(7);
  });
});
