/**
 * Gap report: a person's held levels against the levels a skill-map role requires (e.g. the target role).
 * A skill never assessed counts as level 0.
 */
import { RuleViolation } from "@hr/kit";
import { type CapabilityBalance, capabilityBalance } from "./capability-balance";
import type { AssessorKind, Capability } from "./code-lists";
import { heldLevels, type ProfileView } from "./profile";
import { capabilityOf, findRole, findSkill, type SkillMap, type SkillMapRole } from "./skill-map";
import { PROFILE_RULES } from "./skill-profile.reasons";

export interface SkillGap {
  skillId: string;
  skillName: string;
  requiredLevel: number;
  /** 0 when the skill was never assessed. */
  heldLevel: number;
  /** requiredLevel − heldLevel when positive, else 0. */
  shortfall: number;
  capability: Capability;
}

export interface GapReport {
  employeeId: string;
  asOf: string;
  roleId: string;
  roleName: string;
  /** The skill map version the requirements come from, and its revision (0 when unknown). */
  catalogueFiscalYear: number;
  catalogueRevision: number;
  meetsAll: boolean;
  /** Skills below the required level, largest shortfall first. */
  gaps: SkillGap[];
  /** Skills at or above the required level, in the role's order. */
  met: SkillGap[];
  totalShortfall: number;
  /** DQ/GQ balance of the levels held (the same assessors counted). */
  capabilityBalance: CapabilityBalance;
}

export interface GapOptions {
  /** Count only these assessor kinds (default: all). */
  assessors?: readonly AssessorKind[];
}

/** Compares a profile with a role of `catalogue`; RuleViolation ROLE_NOT_ON_SKILL_MAP if the map has no such role. */
export function gapReport(
  profile: ProfileView,
  catalogue: SkillMap,
  roleId: string,
  options: GapOptions = {},
): GapReport {
  const role = findRole(catalogue, roleId);
  if (!role) {
    throw new RuleViolation(
      PROFILE_RULES.roleNotOnMap,
      `roleId: unknown role "${roleId}" in the FY${catalogue.fiscalYear} skill map`,
    );
  }
  const levels = heldLevels(profile, options.assessors);
  const comparison = compareWithRole(levels, role, catalogue);
  const gaps = comparison.filter((c) => c.shortfall > 0).sort((a, b) => b.shortfall - a.shortfall);
  return {
    employeeId: profile.employeeId,
    asOf: profile.asOf,
    roleId: role.id,
    roleName: role.name,
    catalogueFiscalYear: catalogue.fiscalYear,
    catalogueRevision: catalogue.revision ?? 0,
    meetsAll: gaps.length === 0,
    gaps,
    met: comparison.filter((c) => c.shortfall === 0),
    totalShortfall: gaps.reduce((sum, g) => sum + g.shortfall, 0),
    capabilityBalance: capabilityBalance(levels, catalogue),
  };
}

/** One entry per requirement of the role, in the role's order. */
export function compareWithRole(
  levels: ReadonlyMap<string, number>,
  role: SkillMapRole,
  catalogue: SkillMap,
): SkillGap[] {
  return role.requirements.map(({ skillId, level: requiredLevel }) => {
    const heldLevel = levels.get(skillId) ?? 0;
    return {
      skillId,
      skillName: findSkill(catalogue, skillId)?.name ?? skillId,
      requiredLevel,
      heldLevel,
      shortfall: Math.max(0, requiredLevel - heldLevel),
      // A validated map's requirements name its own skills.
      capability: capabilityOf(catalogue, skillId) ?? "DQ",
    };
  });
}
