import { describe, expect, it } from "vitest";
import { defaultSkillMaps } from "../src/domain/default-catalogue";
import { LIMITS } from "../src/domain/limits";
import {
  capabilityOf,
  catalogueFor,
  catalogueInForce,
  levelScale,
  type SkillMap,
  validateSkillMap,
} from "../src/domain/skill-map";

const [fy2024, fy2025] = defaultSkillMaps() as [SkillMap, SkillMap];

describe("default skill map", () => {
  it("has 22 DQ skills and GQ items in categories, 10 roles and the seven-level scale, and says it is modelled", () => {
    for (const map of [fy2024, fy2025]) {
      const dq = map.skills.filter((s) => capabilityOf(map, s.id) === "DQ");
      const gq = map.skills.filter((s) => capabilityOf(map, s.id) === "GQ");
      expect(dq).toHaveLength(22);
      expect(gq.map((s) => s.id)).toContain("policy-planning");
      expect(map.skills).toHaveLength(dq.length + gq.length);
      // The CIO assistant, a career goal of ICT staff, needs government capability too.
      const cio = map.roles.find((r) => r.id === "it-governance-cio-assistant");
      expect(cio?.requirements.some((q) => capabilityOf(map, q.skillId) === "GQ")).toBe(true);
      expect(map.roles).toHaveLength(10);
      expect(levelScale(map)).toEqual({ min: 1, max: 7 });
      expect(map.note).toMatch(/not public/);
      expect(map.note).toMatch(/DSS-P/);
      expect(new Set(map.skills.map((s) => s.categoryId))).toContain("strategy-planning");
    }
    expect(fy2024.fiscalYear).toBe(2024);
    expect(fy2025.fiscalYear).toBe(2025);
  });

  it("is validated before use (every default version passes)", () => {
    for (const map of [fy2024, fy2025]) expect(validateSkillMap(map)).toEqual({ ok: true, value: map });
  });
});

describe("validating a skill map to load", () => {
  it("refuses a bad file whole and lists every error with its path", () => {
    const bad = structuredClone(fy2024) as unknown as Record<string, unknown> & SkillMap;
    delete (bad as Partial<SkillMap>).fiscalYear;
    bad.skills[1]!.id = bad.skills[0]!.id; // duplicate id
    bad.skills[2]!.categoryId = "astrology";
    bad.roles[3]!.requirements[1]!.skillId = "foo";
    bad.roles[4]!.requirements[0]!.level = 9;
    bad.roles[5]!.id = bad.roles[0]!.id;
    bad.levels.push({ level: 7, name: "Again", description: "duplicate" });

    const result = validateSkillMap(bad);

    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        "fiscalYear: is required",
        `skills[1].id: duplicate id "${fy2024.skills[0]!.id}"`,
        'skills[2].categoryId: unknown category "astrology"',
        'roles[3].requirements[1].skillId: unknown skill "foo"',
        "roles[4].requirements[0].level: level 9 is not on the scale",
        `roles[5].id: duplicate id "${fy2024.roles[0]!.id}"`,
        "levels[7].level: duplicate level 7",
      ]),
    );
    // the requirements on the duplicated skill id now point at a skill that is gone
    expect(errors.some((e) => e.includes(`unknown skill "${fy2024.skills[1]!.id}"`))).toBe(true);
  });

  it("names missing lists, wrong types and a gap in the scale", () => {
    const result = validateSkillMap({
      fiscalYear: "2024",
      levels: [
        { level: 1, name: "Entry", description: "x" },
        { level: 3, name: "", description: "x" },
      ],
      categories: [{ id: "Data Use", name: "Data" }],
      skills: "none",
      roles: [{ id: "r", name: "R", requirements: [] }, 5],
    });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      "fiscalYear",
      "levels[1].name",
      "levels",
      "categories[0].id",
      "skills",
      "roles[0].requirements",
      "roles[1]",
    ]);
  });

  it("refuses names and text with controls or bidi overrides, names over lines, and names with nothing visible", () => {
    const bad = structuredClone(fy2024);
    bad.levels[0]!.name = "\u200b";
    bad.levels[1]!.description = "first line\nsecond line"; // a description may run over lines
    bad.categories[0]!.name = "Data\u202e";
    bad.skills[0]!.name = "Two\nlines";
    bad.skills[1]!.description = "bell\u0007";
    bad.roles[0]!.nameJa = "\u001b[31m";
    bad.title = "a\u0000";
    const result = validateSkillMap(bad);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      "title",
      "levels[0].name",
      "categories[0].name",
      "skills[0].name",
      "skills[1].description",
      "roles[0].nameJa",
    ]);
  });

  it("reads a category without a capability as DQ (maps loaded before DQ/GQ), and refuses an unknown one", () => {
    const old = structuredClone(fy2024);
    for (const category of old.categories) delete category.capability;
    const loaded = validateSkillMap(old);
    expect(loaded.ok && loaded.value.categories.every((c) => c.capability === "DQ")).toBe(true);
    const bad = structuredClone(fy2024) as unknown as { categories: { capability: string }[] };
    bad.categories[0]!.capability = "XQ";
    expect(validateSkillMap(bad)).toEqual({
      ok: false,
      errors: [{ field: "categories[0].capability", message: "must be one of DQ, GQ" }],
    });
  });

  it("refuses a list longer than LIMITS.skillMap without reading its entries", () => {
    const skills = Array(LIMITS.skillMap.skills + 1).fill({ id: "Not Kebab" });
    const requirements = Array(LIMITS.skillMap.requirements + 1).fill({ skillId: "nowhere", level: 0.5 });
    const roles = [{ ...fy2024.roles[0], requirements }];
    const result = validateSkillMap({ ...fy2024, skills, roles });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: "skills", message: `must hold at most ${LIMITS.skillMap.skills} items` },
      { field: "roles[0].requirements", message: `must hold at most ${LIMITS.skillMap.requirements} items` },
    ]);
  });

  it("refuses what is not an object", () => {
    expect(validateSkillMap(null)).toEqual({
      ok: false,
      errors: [{ field: "", message: "must be an object" }],
    });
  });

  it("returns a copy that later edits of the input cannot change", () => {
    const input = structuredClone(fy2024);
    const result = validateSkillMap(input);
    input.skills[0]!.name = "changed";
    expect(result.ok && result.value.skills[0]!.name).toBe(fy2024.skills[0]!.name);
  });
});

describe("the version in force on a date", () => {
  const versions = [fy2025, fy2024];

  it.each([
    ["2024-04-01", 2024],
    ["2025-03-31", 2024],
    ["2025-04-01", 2025],
    ["2031-01-10", 2025],
  ])("on %s is FY%i's", (date, fiscalYear) => {
    expect(catalogueInForce(versions, date)?.fiscalYear).toBe(fiscalYear);
  });

  it("is the latest revision of its year; a fact's recorded revision is kept while the date stays in that year", () => {
    const rev1 = { ...fy2024, revision: 1 };
    const rev2 = { ...fy2024, revision: 2, title: "FY2024 revised" };
    const fy25 = { ...fy2025, revision: 1 };
    const versions = [rev1, rev2, fy25];
    expect(catalogueInForce(versions, "2024-06-01")).toBe(rev2);
    const recorded = { catalogueFiscalYear: 2024, catalogueRevision: 1 };
    expect(catalogueFor(versions, "2024-06-01", recorded)).toBe(rev1);
    expect(catalogueFor(versions, "2025-06-01", recorded)).toBe(fy25);
    expect(catalogueFor(versions, "2024-06-01")).toBe(rev2);
    expect(catalogueFor(versions, "2024-06-01", { catalogueFiscalYear: 2024 })).toBe(rev2);
  });

  it("is none before the first version", () => {
    expect(catalogueInForce(versions, "2024-03-31")).toBeUndefined();
    expect(catalogueInForce([], "2024-06-01")).toBeUndefined();
  });
});
