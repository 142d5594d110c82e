import { describe, expect, it } from "vitest";
import { hiringDateAfter, type SkillsEvent, yearOfServiceOn } from "../src/domain";

const hired: SkillsEvent = {
  type: "JobTypeChanged",
  data: { changeId: "c1", effectiveDate: "2021-04-01" },
};
const toIct: SkillsEvent = {
  type: "JobTypeChanged",
  data: { changeId: "c2", fromJobType: "ELECTRICAL", effectiveDate: "2023-04-01" },
};

describe("hiring date from hr.skills.v1", () => {
  it("is the first job type change without a previous job type; later changes do not move it", () => {
    const after = [hired, toIct].reduce(hiringDateAfter, undefined);
    expect(after).toEqual({ changeId: "c1", hiredOn: "2021-04-01" });
  });

  it("follows a correction of that change and forgets it when voided", () => {
    const corrected = hiringDateAfter(
      { changeId: "c1", hiredOn: "2021-04-01" },
      { type: "JobTypeChangeCorrected", data: { changeId: "c1", effectiveDate: "2020-04-01" } },
    );
    expect(corrected?.hiredOn).toBe("2020-04-01");
    expect(
      hiringDateAfter(corrected, {
        type: "JobTypeChangeVoided",
        data: { changeId: "c1", effectiveDate: "2020-04-01" },
      }),
    ).toBeUndefined();
  });

  it("ignores other skills events", () => {
    expect(
      hiringDateAfter(undefined, { type: "SkillAssessed", data: { effectiveDate: "2024-06-01" } }),
    ).toBeUndefined();
  });
});

describe("year of service (入庁N年目)", () => {
  it("is 2 in the fiscal year after joining, counted by fiscal year", () => {
    expect(yearOfServiceOn("2023-04-01", "2024-04-01")).toBe(2);
    expect(yearOfServiceOn("2023-04-01", "2024-03-31")).toBe(1);
    expect(yearOfServiceOn("2023-10-01", "2024-04-01")).toBe(2);
  });

  it("is unknown without a hiring date or before it", () => {
    expect(yearOfServiceOn(undefined, "2024-04-01")).toBeUndefined();
    expect(yearOfServiceOn("2025-04-01", "2024-04-01")).toBeUndefined();
  });
});
