/**
 * The skill map's own event on `hr.skills.v1`: a revision was loaded. Reference data about no employee:
 * `employeeId` is empty, so the kit keys it by its stream (`skill-map-FY<year>`) instead.
 */
import type { DomainEvent, EventData } from "@hr/kit";
import type { SkillMap } from "./skill-map";

export interface SkillMapRevisionLoadedData extends EventData {
  /** Always empty: a skill map is about no employee. */
  employeeId: "";
  /** 1 April of the fiscal year. */
  effectiveDate: string;
  fiscalYear: number;
  revision: number;
  skillMap: SkillMap;
}

export type SkillMapRevisionLoaded = DomainEvent<"SkillMapRevisionLoaded", SkillMapRevisionLoadedData>;
