import { postingsV1, secondmentV1 } from "@hr/proto";
import { DEFAULT_SKILL_MAPS, type SkillMapRoles } from "./skill-map-roles";

/** Digital (DQ) or government (GQ) capability: the two halves of the career balance the policy wants. */
export type Capability = "DQ" | "GQ";

/**
 * Replaceable data, not code: which hosts and departments build which capability, which ranks are
 * managers (whose transfers make an evaluation at transfer due), and what the skill map's roles require. Loaded from `HR_SYNC_CLASSIFICATION`
 * (a JSON file) when set.
 */
export interface Classification {
  hostKinds: Partial<Record<secondmentV1.HostKind, Capability>>;
  /** First match wins; a department matches when its name contains the text. */
  departments: Array<{ contains: string; capability: Capability }>;
  /** Capability of a department no rule matches; undefined leaves it unclassified. */
  otherDepartments?: Capability;
  managerRanks: postingsV1.Rank[];
  /** The skill map's roles per version, for skill coverage against target roles. */
  skillMaps: SkillMapRoles[];
  /** Transfer planning: when an employee is due for rotation, and the DQ/GQ balance aimed at. */
  planning: PlanningSettings;
}

export interface PlanningSettings {
  /** Years in the post by 1 April that make an employee due for rotation (staff move about every three). */
  minYearsInPost: number;
  /** The DQ share of a career the policy aims at, in percent (about 50:50 DQ/GQ). */
  dqTargetPercent: number;
}

/** The policy's reading: GovTech Tokyo and the Digital Agency are mostly DQ, bureau posts mostly GQ. */
export const DEFAULT_CLASSIFICATION: Classification = {
  hostKinds: {
    [secondmentV1.HostKind.GOVTECH_TOKYO]: "DQ",
    [secondmentV1.HostKind.DIGITAL_AGENCY]: "DQ",
    [secondmentV1.HostKind.PRIVATE_FIRM]: "DQ",
    [secondmentV1.HostKind.AFFILIATED_BODY]: "GQ",
    [secondmentV1.HostKind.PUBLIC_INTEREST_BODY]: "GQ",
    [secondmentV1.HostKind.OTHER_PUBLIC_BODY]: "GQ",
  },
  departments: [
    { contains: "Digital", capability: "DQ" },
    { contains: "デジタル", capability: "DQ" },
  ],
  otherDepartments: "GQ",
  managerRanks: [
    postingsV1.Rank.SECTION_CHIEF,
    postingsV1.Rank.DEPARTMENT_DIRECTOR,
    postingsV1.Rank.DIRECTOR_GENERAL,
  ],
  skillMaps: DEFAULT_SKILL_MAPS,
  planning: { minYearsInPost: 3, dqTargetPercent: 50 },
};

export function capabilityOfDepartment(c: Classification, department: string): Capability | undefined {
  return c.departments.find((rule) => department.includes(rule.contains))?.capability ?? c.otherDepartments;
}

export const capabilityOfHost = (
  c: Classification,
  hostKind: secondmentV1.HostKind,
): Capability | undefined => c.hostKinds[hostKind];

export const isManager = (c: Classification, rank: postingsV1.Rank | undefined): boolean =>
  rank !== undefined && c.managerRanks.includes(rank);
