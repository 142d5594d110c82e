/**
 * The default skill map versions shipped with the service (services/skills/catalogue/*.json), modelled on
 * DSS-P and ITSS because TMG's official map is not public. Bundled as modules: no file I/O here.
 */
import { ValidationError } from "@hr/kit";
import fy2024 from "../../catalogue/fy2024.json";
import fy2025 from "../../catalogue/fy2025.json";
import { type SkillMap, validateSkillMap } from "./skill-map";

function checked(input: unknown, name: string): SkillMap {
  const result = validateSkillMap(input);
  if (!result.ok) {
    throw new ValidationError(
      result.errors.map((e) => ({ field: `${name}.${e.field}`, message: e.message })),
    );
  }
  return result.value;
}

/** Every default version, oldest first. */
export function defaultSkillMaps(): SkillMap[] {
  return [checked(fy2024, "fy2024"), checked(fy2025, "fy2025")];
}
