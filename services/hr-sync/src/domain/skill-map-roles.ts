import fy2024 from "../../../skills/catalogue/fy2024.json";
import fy2025 from "../../../skills/catalogue/fy2025.json";

/**
 * The skill map versions the skills service ships (services/skills/catalogue), oldest first: add a new
 * version (`fy2026.json`) here, and both the roles' requirements and the names the pages show follow.
 */
export const SHIPPED_SKILL_MAPS = [fy2024, fy2025];

/** What a role of the skill map requires: a level per skill. */
export interface RoleRequirements {
  id: string;
  requirements: Array<{ skillId: string; level: number }>;
}

/** One version of the skill map's roles; a version is in force from its fiscal year until a later one. */
export interface SkillMapRoles {
  fiscalYear: number;
  roles: RoleRequirements[];
}

const rolesOf = (map: { fiscalYear: number; roles: RoleRequirements[] }): SkillMapRoles => ({
  fiscalYear: map.fiscalYear,
  roles: map.roles.map(({ id, requirements }) => ({ id, requirements })),
});

/**
 * The roles of the skill map versions the skills service ships (services/skills/catalogue): reference
 * data, replaceable through `HR_SYNC_CLASSIFICATION` (`skillMaps`). The skills events name a target role
 * by id only, so hr-sync compares levels with these requirements.
 */
export const DEFAULT_SKILL_MAPS: SkillMapRoles[] = SHIPPED_SKILL_MAPS.map(rolesOf);

/** The version in force in a fiscal year: the latest from that year or before (none before the first). */
export const skillMapInForce = (
  maps: readonly SkillMapRoles[],
  fiscalYear: number,
): SkillMapRoles | undefined =>
  maps.filter((m) => m.fiscalYear <= fiscalYear).sort((a, b) => b.fiscalYear - a.fiscalYear)[0];

/**
 * The requirements a role had in a fiscal year: from the version in force that year, else from the
 * version the role was set against; undefined when neither holds the role.
 */
export function roleInForce(
  maps: readonly SkillMapRoles[],
  roleId: string,
  fiscalYear: number,
  setAgainst: number,
): { version: number; role: RoleRequirements } | undefined {
  for (const map of [skillMapInForce(maps, fiscalYear), maps.find((m) => m.fiscalYear === setAgainst)]) {
    const role = map?.roles.find((r) => r.id === roleId);
    if (map && role) return { version: map.fiscalYear, role };
  }
  return undefined;
}
