/**
 * The DQ/GQ balance of a person's skills: the policy aims at ICT careers balanced about 50:50 between
 * digital (DQ) and government (GQ) capability, so HR sees which side a person's levels lean to.
 */
import { capabilityOf, type SkillMap } from "./skill-map";

export interface CapabilityBalance {
  dqSkills: number;
  gqSkills: number;
  dqLevelTotal: number;
  gqLevelTotal: number;
  /** DQ's share of the level total, whole percent; absent when no level is held. */
  dqPercent?: number;
}

/** Levels held per skill id, divided by the capability `catalogue` gives each skill (others left out). */
export function capabilityBalance(
  levels: ReadonlyMap<string, number>,
  catalogue: SkillMap,
): CapabilityBalance {
  const balance: CapabilityBalance = { dqSkills: 0, gqSkills: 0, dqLevelTotal: 0, gqLevelTotal: 0 };
  for (const [skillId, level] of levels) {
    const capability = capabilityOf(catalogue, skillId);
    if (capability === "DQ") {
      balance.dqSkills++;
      balance.dqLevelTotal += level;
    } else if (capability === "GQ") {
      balance.gqSkills++;
      balance.gqLevelTotal += level;
    }
  }
  const total = balance.dqLevelTotal + balance.gqLevelTotal;
  if (total > 0) balance.dqPercent = Math.round((100 * balance.dqLevelTotal) / total);
  return balance;
}
