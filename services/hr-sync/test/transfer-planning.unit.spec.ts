import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  candidateEntry,
  candidateOrder,
  compareKeys,
  DEFAULT_CLASSIFICATION,
  DEFAULT_SKILL_MAPS,
  departmentOn,
  dueEntry,
  dueForRotationCsv,
  employeeHistory,
  type Fact,
  planningProfile,
  requirementsOf,
  rosterEntryOf,
  rotationFacts,
  rotationTimeline,
  skillMapInForce,
} from "../src/domain";
import {
  assessed,
  fact,
  jobTypeChanged,
  posting,
  secondmentEnded,
  secondmentStarted,
} from "./facts.fixtures";

/** Transfer planning (issue 21): facts as of 1 April of the fiscal year, nothing scored. */
const c = DEFAULT_CLASSIFICATION;
const profileOf = (facts: Fact[], employeeId = "E1001") => {
  const h = employeeHistory(employeeId, facts);
  return planningProfile(h, rotationTimeline(h));
};
const all = { department: "", jobType: "" };
const q = {
  fiscalYear: 2026,
  requiredSkills: [] as Array<{ skillId: string; minLevel: number }>,
  skillMapRoleId: "",
  capability: "CAPABILITY_UNSPECIFIED",
  minRank: "RANK_UNSPECIFIED",
  minYearsOfService: 0,
  minYearsAsIct: 0,
} as Parameters<typeof requirementsOf>[0];

describe("due for rotation", () => {
  const career = [
    jobTypeChanged("j1", "2019-04-01", "ELECTRICAL"),
    posting("p1", "2019-04-01", { department: "建設局 電気課" }),
    jobTypeChanged("j2", "2023-04-01", "ICT", "ELECTRICAL"),
    posting("p2", "2023-04-01", { department: "総務局 人事部", rank: "RANK_CHIEF" }),
  ];

  it("given three years in the post on 1 April, then due, with service, ICT years and the DQ/GQ facts", () => {
    const facts = rotationFacts(profileOf(career), 2026, c)!;
    expect(facts.post).toMatchObject({
      department: "総務局 人事部",
      inPostSince: "2023-04-01",
      yearsInPost: 3,
    });
    expect(facts.yearsOfService).toBe(7);
    expect(facts.yearsAsIct).toBe(3);
    expect(facts.jobType).toBe("ICT");
    // Every day in GQ departments: the next post should build DQ.
    expect(facts.capabilityBalance?.gqPercent).toBe(100);
    expect(facts.capabilityToStrengthen).toBe("CAPABILITY_DQ");
    expect(facts.post?.evidence.map((e) => e.eventType)).toEqual(["hr.postings.v1.PostingRecorded"]);
    expect(dueEntry(profileOf(career), 2026, 3, all, c)?.employeeId).toBe("E1001");
    // A day short of three years in FY2025; a higher threshold than three.
    expect(dueEntry(profileOf(career), 2025, 3, all, c)).toBeUndefined();
    expect(dueEntry(profileOf(career), 2026, 4, all, c)).toBeUndefined();
    // The department filter is the post's on 1 April.
    expect(
      dueEntry(profileOf(career), 2026, 3, { department: "建設局 電気課", jobType: "" }, c),
    ).toBeUndefined();
  });

  it("given a posting effective 1 April, then the new post counts: not due", () => {
    const moved = [...career, posting("p3", "2026-04-01", { department: "デジタルサービス局" })];
    expect(dueEntry(profileOf(moved), 2026, 3, all, c)).toBeUndefined();
  });

  it("given a secondment inside the post, then time in post runs from the day after it; on secondment, not due", () => {
    const seconded = [
      ...career,
      secondmentStarted("s1", "2024-04-01", "2025-03-31", "HOST_KIND_PRIVATE_FIRM"),
    ];
    // Without its end recorded the secondment still runs on 1 April 2025: not in post, not due.
    expect(dueEntry(profileOf(seconded), 2025, 1, all, c)).toBeUndefined();
    const ended = [...seconded, secondmentEnded("s1", "2025-03-31")];
    const facts = rotationFacts(profileOf(ended), 2027, c)!;
    expect(facts.post?.inPostSince).toBe("2025-04-01");
    expect(facts.secondments).toMatchObject([{ hostKind: "HOST_KIND_PRIVATE_FIRM", years: 1 }]);
    expect(dueEntry(profileOf(ended), 2027, 3, all, c)).toBeUndefined();
    expect(dueEntry(profileOf(ended), 2028, 3, all, c)?.post?.inPostSince).toBe("2025-04-01");
    const running = [...career, secondmentStarted("s2", "2025-10-01", "2027-09-30")];
    expect(rotationFacts(profileOf(running), 2026, c)?.post?.onSecondment).toBe(true);
    expect(dueEntry(profileOf(running), 2026, 0, all, c)).toBeUndefined();
  });

  it("the pages' lists: the department on 1 April is the filters' (the home post's while seconded, none before hire); the roles of the skill map in force", () => {
    const seconded = [...career, secondmentStarted("s1", "2025-10-01", "2027-09-30")];
    expect(departmentOn(profileOf(career), 2026)).toBe("総務局 人事部");
    expect(departmentOn(profileOf(career), 2020)).toBe("建設局 電気課");
    expect(departmentOn(profileOf(career), 2018)).toBeUndefined();
    expect(departmentOn(profileOf(seconded), 2026)).toBe("デジタルサービス局");
    expect(departmentOn(profileOf(seconded), 2026)).toBe(
      rotationFacts(profileOf(seconded), 2026, c)?.post?.department,
    );
    expect(skillMapInForce(DEFAULT_SKILL_MAPS, 2023)).toBeUndefined();
    expect(skillMapInForce(DEFAULT_SKILL_MAPS, 2024)?.fiscalYear).toBe(2024);
    expect(skillMapInForce(DEFAULT_SKILL_MAPS, 2030)?.fiscalYear).toBe(2025);
  });

  it("given a manager, then the evaluation at transfer due if moved is 31 March", () => {
    const manager = [posting("p1", "2022-04-01", { rank: "RANK_SECTION_CHIEF" })];
    expect(rotationFacts(profileOf(manager), 2026, c)?.evaluationAtTransferDueOn).toBe("2026-03-31");
    expect(rotationFacts(profileOf(career), 2026, c)?.evaluationAtTransferDueOn).toBe("");
  });

  it("given a voided posting, then the post before it counts again", () => {
    const voided = [
      ...career,
      fact("hr.postings.v1.PostingVoided", { postingId: "p2", effectiveDate: "2023-04-01" }),
    ];
    expect(rotationFacts(profileOf(voided), 2026, c)?.post?.inPostSince).toBe("2019-04-01");
  });

  it("the roster entry (no evidence) gives the same facts but the events", () => {
    const full = profileOf(career);
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k.endsWith("vidence") ? [] : v)));
    expect(rotationFacts(rosterEntryOf(full), 2026, c)).toEqual(strip(rotationFacts(full, 2026, c)));
  });

  it("the CSV neutralises formula cells and starts with a BOM", () => {
    const evil = [posting("p1", "2020-04-01", { department: '=HYPERLINK("x")' })];
    const csv = dueForRotationCsv([rotationFacts(profileOf(evil), 2026, c)!]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = parse(csv.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({
      employee_id: "E1001",
      department: '\'=HYPERLINK("x")',
      years_in_post: "6",
    });
  });
});

describe("candidates", () => {
  const a = profileOf(
    [
      posting("p1", "2020-04-01", { rank: "RANK_DEPUTY_SECTION_CHIEF" }),
      jobTypeChanged("j1", "2020-04-01", "ICT"),
      assessed("a1", "2024-06-01", "cloud-infrastructure", 4),
    ],
    "A",
  );
  const b = profileOf(
    [
      posting("p1", "2024-04-01", { rank: "RANK_STAFF", department: "デジタルサービス局" }),
      jobTypeChanged("j1", "2024-04-01", "ICT"),
      assessed("a1", "2025-06-01", "cloud-infrastructure", 2),
    ],
    "B",
  );

  it("each requirement with the employee's fact and the events behind it", () => {
    const reqs = requirementsOf(
      {
        ...q,
        requiredSkills: [{ skillId: "cloud-infrastructure", minLevel: 3 }],
        minRank: "RANK_CHIEF",
      } as never,
      c,
    );
    const found = candidateEntry(a, 2026, reqs, all, c)!;
    expect(found.requirementsMet).toBe(2);
    expect(found.requirements[0]).toMatchObject({
      required: "cloud-infrastructure",
      requiredValue: 3,
      met: true,
      fact: "4",
    });
    expect(found.requirements[0]?.evidence.map((e) => e.eventType)).toEqual(["hr.skills.v1.SkillAssessed"]);
    expect(found.requirements[1]).toMatchObject({
      kind: "REQUIREMENT_KIND_RANK",
      met: true,
      fact: "RANK_DEPUTY_SECTION_CHIEF",
    });
    // B meets neither (level 2, staff): not a candidate.
    expect(candidateEntry(b, 2026, reqs, all, c)).toBeUndefined();
  });

  it("a capability is met by a career short of it; ordered by requirements met, then time in post", () => {
    const reqs = requirementsOf({ ...q, capability: "CAPABILITY_DQ", minYearsAsIct: 2 } as never, c);
    const ca = candidateEntry(a, 2026, reqs, all, c)!; // GQ career, 6 ICT years: both met
    const cb = candidateEntry(b, 2026, reqs, all, c)!; // DQ career, 2 ICT years: years only
    expect([ca.requirementsMet, cb.requirementsMet]).toEqual([2, 1]);
    expect(cb.requirements[0]).toMatchObject({ met: false, fact: "DQ 100% / GQ 0%" });
    expect(compareKeys(candidateOrder(ca), candidateOrder(cb))).toBeLessThan(0);
    expect(candidateEntry(b, 2026, reqs, { department: "", jobType: "ELECTRICAL" }, c)).toBeUndefined();
  });

  it("a skill-map role expands to its skills as the map in force defines them; an unknown role is refused by rule", () => {
    const reqs = requirementsOf({ ...q, skillMapRoleId: "cloud-engineer-sre" } as never, c);
    expect(reqs.length).toBeGreaterThan(0);
    expect(reqs.every((r) => r.kind === "REQUIREMENT_KIND_SKILL")).toBe(true);
    expect(() => requirementsOf({ ...q, skillMapRoleId: "nope" } as never, c)).toThrow(
      /ROLE_NOT_ON_SKILL_MAP|skillMapRoleId/,
    );
  });

  it("a search naming no requirement lists everyone in scope, each with 0 of 0 met, longest in post first", () => {
    const reqs = requirementsOf(q, c);
    expect(reqs).toEqual([]);
    const ca = candidateEntry(a, 2026, reqs, all, c)!;
    const cb = candidateEntry(b, 2026, reqs, all, c)!;
    expect([ca.requirementsMet, ca.requirementsTotal, cb.requirementsTotal]).toEqual([0, 0, 0]);
    expect(compareKeys(candidateOrder(ca), candidateOrder(cb))).toBeLessThan(0);
    // The filters still hold.
    expect(candidateEntry(b, 2026, reqs, { department: "", jobType: "ELECTRICAL" }, c)).toBeUndefined();
  });
});
