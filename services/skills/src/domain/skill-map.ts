/**
 * The digital skill map (デジタルスキルマップ): reference data with one version per fiscal year.
 * Skill items grouped in categories, a level scale, and skill-map roles (ジョブタイプ) that each require a
 * level per skill. Field names equal the proto `hr.skills.v1.SkillMap` fields in camelCase.
 */
import { type FieldViolation, fiscalYearOf, textViolation } from "@hr/kit";
import { CAPABILITIES, type Capability } from "./code-lists";
import { LIMITS } from "./limits";

export interface LevelDefinition {
  /** 1 = entry … 7 = world class on the default (ITSS-like) scale. */
  level: number;
  name: string;
  nameJa?: string;
  description: string;
}

export interface SkillCategory {
  id: string;
  name: string;
  nameJa?: string;
  /** Digital (DQ) or government (GQ) capability; validation fills in DQ when a map leaves it out. */
  capability?: Capability;
}

export interface SkillItem {
  /** Stable kebab-case id, e.g. `data-engineering`. */
  id: string;
  name: string;
  nameJa?: string;
  categoryId: string;
  description?: string;
}

export interface SkillRequirement {
  skillId: string;
  level: number;
}

export interface SkillMapRole {
  id: string;
  name: string;
  nameJa?: string;
  description?: string;
  requirements: SkillRequirement[];
}

export interface SkillMap {
  /** The fiscal year from which this version is in force (until a later version's year). */
  fiscalYear: number;
  title?: string;
  /** Provenance, e.g. which parts are modelled rather than official. */
  note?: string;
  levels: LevelDefinition[];
  categories: SkillCategory[];
  skills: SkillItem[];
  roles: SkillMapRole[];
  /** Revision within the fiscal year, given by the store (1 for the first load); the latest is in force. */
  revision?: number;
}

/** Which map a fact was checked against: a fiscal year and, since revisions are recorded, its revision. */
export interface CatalogueRef {
  catalogueFiscalYear?: number;
  catalogueRevision?: number;
}

export type SkillMapValidation = { ok: true; value: SkillMap } | { ok: false; errors: FieldViolation[] };

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Lowest and highest level of the map's scale. */
export function levelScale(map: SkillMap): { min: number; max: number } {
  const levels = map.levels.map((l) => l.level);
  return { min: Math.min(...levels), max: Math.max(...levels) };
}

export function isLevelOnScale(map: SkillMap, level: number): boolean {
  return map.levels.some((l) => l.level === level);
}

export function findSkill(map: SkillMap, skillId: string): SkillItem | undefined {
  return map.skills.find((s) => s.id === skillId);
}

/** Whether a skill of the map is digital (DQ) or government (GQ) capability; undefined when not on the map. */
export function capabilityOf(map: SkillMap, skillId: string): Capability | undefined {
  const skill = findSkill(map, skillId);
  if (!skill) return undefined;
  // A category without one (loaded before the field existed) was digital.
  return map.categories.find((c) => c.id === skill.categoryId)?.capability ?? "DQ";
}

export function findRole(map: SkillMap, roleId: string): SkillMapRole | undefined {
  return map.roles.find((r) => r.id === roleId);
}

/**
 * The version in force on `date`: the one of the date's fiscal year, else the latest earlier one; of a
 * year's revisions, the latest. `undefined` when every version is later than the date.
 */
export function catalogueInForce(versions: readonly SkillMap[], date: string): SkillMap | undefined {
  const fiscalYear = fiscalYearOf(date);
  let best: SkillMap | undefined;
  for (const version of versions) {
    if (version.fiscalYear > fiscalYear) continue;
    if (!best || version.fiscalYear > best.fiscalYear) best = version;
    else if (version.fiscalYear === best.fiscalYear && (version.revision ?? 0) > (best.revision ?? 0)) {
      best = version;
    }
  }
  return best;
}

/**
 * The version for a fact dated `date` that was checked against `recorded`: that very revision when the
 * date still falls to its fiscal year's map, so a later revision of a past year changes nothing already
 * decided; otherwise (nothing recorded, or a date moved to another year's map) the one in force.
 */
export function catalogueFor(
  versions: readonly SkillMap[],
  date: string,
  recorded: CatalogueRef = {},
): SkillMap | undefined {
  const inForce = catalogueInForce(versions, date);
  if (!inForce || recorded.catalogueRevision === undefined) return inForce;
  const same = versions.find(
    (v) => v.fiscalYear === recorded.catalogueFiscalYear && v.revision === recorded.catalogueRevision,
  );
  return same && same.fiscalYear === inForce.fiscalYear ? same : inForce;
}

/** The fields a fact records of the map it was checked against. */
export function catalogueRefOf(map: SkillMap): Required<CatalogueRef> | { catalogueFiscalYear: number } {
  return map.revision === undefined
    ? { catalogueFiscalYear: map.fiscalYear }
    : { catalogueFiscalYear: map.fiscalYear, catalogueRevision: map.revision };
}

/**
 * Checks an untrusted skill map (a loaded file, a request) and lists every problem with its path, e.g.
 * `roles[3].requirements[1].skillId: unknown skill "foo"`. A map with any error is refused whole.
 */
export function validateSkillMap(input: unknown): SkillMapValidation {
  const errors: FieldViolation[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!isRecord(input)) return { ok: false, errors: [{ field: "", message: "must be an object" }] };

  const fiscalYear = input.fiscalYear;
  if (fiscalYear === undefined) fail("fiscalYear", "is required");
  else if (!Number.isInteger(fiscalYear) || (fiscalYear as number) < 2000 || (fiscalYear as number) > 2999) {
    fail("fiscalYear", "must be a fiscal year such as 2024");
  }
  optionalText(input, "title", "title", fail);
  optionalText(input, "note", "note", fail);

  const levels = list(input, "levels", fail);
  const levelValues = new Set<number>();
  for (const [i, entry] of levels.entries()) {
    const path = `levels[${i}]`;
    if (!isRecord(entry)) {
      fail(path, "must be an object");
      continue;
    }
    const level = entry.level;
    if (!Number.isInteger(level) || (level as number) < 1)
      fail(`${path}.level`, "must be a whole number ≥ 1");
    else if (levelValues.has(level as number)) fail(`${path}.level`, `duplicate level ${level}`);
    else levelValues.add(level as number);
    requiredText(entry, "name", path, fail);
    requiredText(entry, "description", path, fail);
    optionalText(entry, "nameJa", `${path}.nameJa`, fail);
  }
  if (levelValues.size > 0) {
    const sorted = [...levelValues].sort((a, b) => a - b);
    const gap = sorted.find((v, i) => i > 0 && v !== (sorted[i - 1] as number) + 1);
    if (gap !== undefined) fail("levels", `the scale must have no gaps (missing level ${gap - 1})`);
  }

  const categoryIds = identified(input, "categories", fail, (entry, path) => {
    requiredText(entry, "name", path, fail);
    optionalText(entry, "nameJa", `${path}.nameJa`, fail);
    const capability = entry.capability;
    if (capability !== undefined && !CAPABILITIES.includes(capability as Capability)) {
      fail(`${path}.capability`, `must be one of ${CAPABILITIES.join(", ")}`);
    }
  });

  const skillIds = identified(input, "skills", fail, (entry, path) => {
    requiredText(entry, "name", path, fail);
    optionalText(entry, "nameJa", `${path}.nameJa`, fail);
    optionalText(entry, "description", `${path}.description`, fail);
    const categoryId = entry.categoryId;
    if (typeof categoryId !== "string" || categoryId === "") fail(`${path}.categoryId`, "is required");
    else if (!categoryIds.has(categoryId)) fail(`${path}.categoryId`, `unknown category "${categoryId}"`);
  });

  identified(input, "roles", fail, (entry, path) => {
    requiredText(entry, "name", path, fail);
    optionalText(entry, "nameJa", `${path}.nameJa`, fail);
    optionalText(entry, "description", `${path}.description`, fail);
    const requirements = list(entry, "requirements", fail, path);
    if (Array.isArray(entry.requirements) && entry.requirements.length === 0) {
      fail(`${path}.requirements`, "must require at least one skill");
    }
    const required = new Set<string>();
    for (const [j, req] of requirements.entries()) {
      const reqPath = `${path}.requirements[${j}]`;
      if (!isRecord(req)) {
        fail(reqPath, "must be an object");
        continue;
      }
      const skillId = req.skillId;
      if (typeof skillId !== "string" || skillId === "") fail(`${reqPath}.skillId`, "is required");
      else if (!skillIds.has(skillId)) fail(`${reqPath}.skillId`, `unknown skill "${skillId}"`);
      else if (required.has(skillId)) fail(`${reqPath}.skillId`, `skill "${skillId}" is required twice`);
      else required.add(skillId);
      const level = req.level;
      if (!Number.isInteger(level)) fail(`${reqPath}.level`, "must be a whole number");
      else if (levelValues.size > 0 && !levelValues.has(level as number)) {
        fail(`${reqPath}.level`, `level ${level} is not on the scale`);
      }
    }
  });

  if (errors.length > 0) return { ok: false, errors };
  // A copy: later changes to the input cannot change a validated version.
  const value = structuredClone(input) as unknown as SkillMap;
  // Every category of a map loaded before DQ/GQ existed was digital.
  for (const category of value.categories) category.capability ??= "DQ";
  return { ok: true, value };
}

type Fail = (field: string, message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function maxItems(key: string): number {
  return LIMITS.skillMap[key as keyof typeof LIMITS.skillMap] ?? Number.POSITIVE_INFINITY;
}

function list(owner: Record<string, unknown>, key: string, fail: Fail, at = ""): unknown[] {
  const path = at ? `${at}.${key}` : key;
  const value = owner[key];
  if (value === undefined) fail(path, "is required");
  else if (!Array.isArray(value)) fail(path, "must be a list");
  else if (value.length === 0 && at === "") fail(path, "must not be empty");
  else if (value.length > maxItems(key)) {
    fail(path, `must hold at most ${maxItems(key)} items`);
    return []; // not read further: a list over its bound costs no more than one within it
  }
  return Array.isArray(value) ? value : [];
}

/** Checks a list of objects with unique kebab-case ids; returns the ids seen. */
function identified(
  owner: Record<string, unknown>,
  key: string,
  fail: Fail,
  check: (entry: Record<string, unknown>, path: string) => void,
): Set<string> {
  const ids = new Set<string>();
  for (const [i, entry] of list(owner, key, fail).entries()) {
    const path = `${key}[${i}]`;
    if (!isRecord(entry)) {
      fail(path, "must be an object");
      continue;
    }
    const id = entry.id;
    if (typeof id !== "string" || !ID.test(id))
      fail(`${path}.id`, "must be a kebab-case id such as data-engineering");
    else if (ids.has(id)) fail(`${path}.id`, `duplicate id "${id}"`);
    else ids.add(id);
    check(entry, path);
  }
  return ids;
}

function requiredText(owner: Record<string, unknown>, key: string, at: string, fail: Fail): void {
  const value = owner[key];
  // A level's description may run over lines; names are one line (as the request schema says).
  const violation =
    typeof value === "string"
      ? textViolation(value, { required: true, multiline: key === "description" })
      : "is required";
  if (violation) fail(`${at}.${key}`, violation);
}

/** Optional text: a note or a description may run over lines, a title or a Japanese name is one line. */
function optionalText(owner: Record<string, unknown>, key: string, path: string, fail: Fail): void {
  const value = owner[key];
  if (value === undefined) return;
  const multiline = key === "note" || key === "description";
  const violation = typeof value === "string" ? textViolation(value, { multiline }) : "must be text";
  if (violation) fail(path, violation);
}
