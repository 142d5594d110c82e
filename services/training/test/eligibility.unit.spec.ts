import { describe, expect, it } from "vitest";
import { overseasTrainingEligibility } from "../src/domain";

const hiredAsIct = (on: string) => [{ jobType: "ICT", effectiveDate: on }];

describe("overseas dispatch training eligibility: ICT staff in their second fiscal year as ICT staff or later", () => {
  it("is not yet eligible on 31 March of the first fiscal year as ICT staff", () => {
    expect(overseasTrainingEligibility(hiredAsIct("2023-04-01"), "2024-03-31")).toEqual({
      eligible: false,
      reason: "FIRST_FISCAL_YEAR_AS_ICT",
      jobType: "ICT",
      ictSince: "2023-04-01",
      fiscalYearAsIct: 1,
    });
  });

  it("is eligible from 1 April, the first day of the second fiscal year", () => {
    expect(overseasTrainingEligibility(hiredAsIct("2023-04-01"), "2024-04-01")).toMatchObject({
      eligible: true,
      fiscalYearAsIct: 2,
    });
  });

  it("counts fiscal years, not whole years: a change to ICT in October makes the next April the second year", () => {
    const history = [
      { jobType: "ELECTRICAL", effectiveDate: "2019-04-01" },
      { jobType: "ICT", effectiveDate: "2023-10-01" },
    ];
    expect(overseasTrainingEligibility(history, "2024-03-31")).toMatchObject({
      eligible: false,
      fiscalYearAsIct: 1,
    });
    expect(overseasTrainingEligibility(history, "2024-04-01")).toMatchObject({
      eligible: true,
      ictSince: "2023-10-01",
      fiscalYearAsIct: 2,
    });
  });

  it("is not eligible before the job type change takes effect, whatever the years of service", () => {
    const history = [
      { jobType: "ELECTRICAL", effectiveDate: "2019-04-01" },
      { jobType: "ICT", effectiveDate: "2023-04-01" },
    ];
    expect(overseasTrainingEligibility(history, "2023-03-31")).toMatchObject({
      eligible: false,
      reason: "NOT_ICT_STAFF",
      jobType: "ELECTRICAL",
    });
  });

  it("counts the current ICT period only after leaving ICT and coming back", () => {
    const history = [
      { jobType: "ICT", effectiveDate: "2021-04-01" },
      { jobType: "ADMINISTRATIVE", effectiveDate: "2022-04-01" },
      { jobType: "ICT", effectiveDate: "2024-04-01" },
    ];
    expect(overseasTrainingEligibility(history, "2024-06-01")).toMatchObject({
      eligible: false,
      ictSince: "2024-04-01",
    });
  });

  it("is not eligible when no job type is known (nothing consumed from hr.skills.v1 yet)", () => {
    expect(overseasTrainingEligibility([], "2024-06-01")).toMatchObject({
      eligible: false,
      reason: "JOB_TYPE_UNKNOWN",
    });
  });
});
