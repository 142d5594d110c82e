import { describe, expect, it } from "vitest";
import { DEFAULT_CLASSIFICATION, employeeHistory, evaluationRecords, type Fact } from "../src/domain";
import { completion, E, fact, posting, secondmentEnded, secondmentStarted, shuffled } from "./facts.fixtures";

/** Given these facts, then each year's record as (fiscal year, department, rank). */
const years = (facts: readonly Fact[]) =>
  evaluationRecords(employeeHistory(E, facts), DEFAULT_CLASSIFICATION).map((r) => [
    r.fiscalYear,
    r.department,
    r.rank,
  ]);

const transferredOut = (secondmentId: string, transferredOn: string) =>
  fact("hr.secondment.v1.SecondmentTransferredOut", {
    secondmentId,
    effectiveDate: transferredOn,
    transferredOn,
  });

describe("every fiscal year in service has an evaluation record (a year without facts too)", () => {
  it("given postings on 2021-04-01, 2022-04-01 and 2024-04-01, then FY2023 has a record with the department and rank in force on its last day", () => {
    const facts = [
      posting("p1", "2021-04-01", { department: "建設局" }),
      posting("p2", "2022-04-01", { department: "財務局", rank: "RANK_CHIEF" }),
      posting("p3", "2024-04-01", { department: "デジタルサービス局" }),
    ];
    expect(years(facts)).toEqual([
      [2021, "建設局", "RANK_UNSPECIFIED"],
      [2022, "財務局", "RANK_CHIEF"],
      [2023, "財務局", "RANK_CHIEF"],
      [2024, "デジタルサービス局", "RANK_UNSPECIFIED"],
    ]);
    for (const seed of [1, 2, 3]) expect(years(shuffled(facts, seed))).toEqual(years(facts));
  });

  it("given a first job type before the first posting, then service starts with the job type; a fact before both is a year of its own", () => {
    const hired = fact("hr.skills.v1.JobTypeChanged", {
      changeId: "j1",
      effectiveDate: "2020-04-01",
      toJobType: "ICT",
      basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
    });
    const facts = [completion("c0", "2018-06-01"), hired, posting("p1", "2022-04-01")];
    expect(years(facts).map(([fy]) => fy)).toEqual([2018, 2020, 2021, 2022]);
  });

  it("given a transfer of employment, then the years after it have no record unless a fact of their own falls in them", () => {
    const facts = [
      posting("p1", "2019-04-01", { department: "建設局" }),
      secondmentStarted("s1", "2020-04-01", "2025-03-31"),
      transferredOut("s1", "2021-04-01"),
      secondmentEnded("s1", "2021-03-31"),
      completion("late", "2023-06-01"),
    ];
    expect(years(facts).map(([fy]) => fy)).toEqual([2019, 2020, 2021, 2023]);
  });

  it("given the last fact in FY2022, then the records stop there: no year is added by the calendar alone", () => {
    expect(years([posting("p1", "2022-04-01")]).map(([fy]) => fy)).toEqual([2022]);
  });
});

describe("the department of a year spent on secondment is the home post's", () => {
  const before = posting("p1", "2022-04-01", { department: "財務局", rank: "RANK_SECTION_CHIEF" });

  it("given a secondment to GovTech Tokyo with the home post in the Digital Services Bureau, then each year seconded on its last day counts there, with the posting's rank", () => {
    const facts = [before, secondmentStarted("s1", "2023-04-01", "2025-03-31")];
    expect(years(facts)).toEqual([
      [2022, "財務局", "RANK_SECTION_CHIEF"],
      [2023, "デジタルサービス局", "RANK_SECTION_CHIEF"],
      [2024, "デジタルサービス局", "RANK_SECTION_CHIEF"],
    ]);
  });

  it("given a return in the year with a posting to the return post, then that year counts for the return post's department", () => {
    const facts = [
      before,
      secondmentStarted("s1", "2023-04-01", "2025-03-31"),
      secondmentEnded("s1", "2024-09-30"),
      posting("p2", "2024-10-01", { department: "建設局", rank: "RANK_SECTION_CHIEF" }),
    ];
    expect(years(facts).map(([fy, department]) => [fy, department])).toEqual([
      [2022, "財務局"],
      [2023, "デジタルサービス局"],
      [2024, "建設局"],
    ]);
  });

  it("given a secondment without a home post recorded, then the posting's department", () => {
    const started = secondmentStarted("s1", "2023-04-01", "2024-03-31");
    const withoutHome = { ...started, data: { ...started.data, homeDepartment: "", homePost: "" } };
    expect(years([before, withoutHome]).map(([fy, department]) => [fy, department])).toEqual([
      [2022, "財務局"],
      [2023, "財務局"],
    ]);
  });
});
