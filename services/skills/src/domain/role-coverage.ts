/**
 * Role coverage for planners: over many profiles, how many staff meet all requirements of each role of the
 * skill map, and per skill how many staff hold each level.
 */
import type { AssessorKind } from "./code-lists";
import { compareWithRole } from "./gap-report";
import { heldLevels, type ProfileView } from "./profile";
import type { SkillMap } from "./skill-map";

export interface RoleCoverageEntry {
  roleId: string;
  roleName: string;
  /** Staff who meet every requirement of the role. */
  staffMeetingAll: number;
  /** Staff whose target role this is, and of those, how many already meet it. */
  staffTargeting: number;
  staffTargetingMeetingAll: number;
}

export interface SkillLevelDistribution {
  skillId: string;
  skillName: string;
  /** One entry per level of the scale, lowest first (zero counts included). */
  byLevel: { level: number; staff: number }[];
  notAssessed: number;
}

export interface RoleCoverage {
  catalogueFiscalYear: number;
  staffCount: number;
  roles: RoleCoverageEntry[];
  skills: SkillLevelDistribution[];
}

export function roleCoverage(
  profiles: readonly ProfileView[],
  catalogue: SkillMap,
  options: { assessors?: readonly AssessorKind[] } = {},
): RoleCoverage {
  const staff = profiles.map((profile) => ({ profile, levels: heldLevels(profile, options.assessors) }));
  const roles = catalogue.roles.map((role) => {
    const entry: RoleCoverageEntry = {
      roleId: role.id,
      roleName: role.name,
      staffMeetingAll: 0,
      staffTargeting: 0,
      staffTargetingMeetingAll: 0,
    };
    for (const { profile, levels } of staff) {
      const meets = compareWithRole(levels, role, catalogue).every((c) => c.shortfall === 0);
      const targeting = profile.targetRole?.roleId === role.id;
      if (meets) entry.staffMeetingAll++;
      if (targeting) entry.staffTargeting++;
      if (targeting && meets) entry.staffTargetingMeetingAll++;
    }
    return entry;
  });
  const scale = catalogue.levels.map((l) => l.level).sort((a, b) => a - b);
  const skills = catalogue.skills.map((skill) => {
    const held = staff.map(({ levels }) => levels.get(skill.id));
    return {
      skillId: skill.id,
      skillName: skill.name,
      byLevel: scale.map((level) => ({ level, staff: held.filter((l) => l === level).length })),
      notAssessed: held.filter((l) => l === undefined).length,
    };
  });
  return { catalogueFiscalYear: catalogue.fiscalYear, staffCount: profiles.length, roles, skills };
}
