import { RuleViolation } from "@hr/kit";
import { describe, expect, it } from "vitest";
import {
  type Course,
  checkApplicationWindow,
  checkCatalogueRules,
  type ProgrammeYear,
  programmeYearViolations,
} from "../src/domain";

/** Rules of the reference data a schema cannot state: they refuse well-formed input as rules (422). */
function refusal(act: () => void): string | undefined {
  try {
    act();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolation);
    return (error as RuleViolation).reason;
  }
}

const course = (courseId: string, xapiActivityIds: string[] = []): Course => ({
  courseId,
  title: courseId,
  provider: "COURSE_PROVIDER_IN_HOUSE",
  form: "TRAINING_FORM_CLASSROOM",
  nominalHours: 3,
  skillIds: [],
  targetSegments: [],
  owner: "COURSE_OWNER_HR",
  recommendedLists: [],
  xapiActivityIds,
  oneNomineePerUnit: false,
});

describe("course catalogue", () => {
  it("lists each course once and lets an xAPI activity name one course only", () => {
    expect(
      refusal(() => checkCatalogueRules({ fiscalYear: 2024, courses: [course("a"), course("b")] })),
    ).toBe(undefined);
    expect(
      refusal(() => checkCatalogueRules({ fiscalYear: 2024, courses: [course("a"), course("a")] })),
    ).toBe("DUPLICATE_COURSE");
    const twice = [course("a", ["https://lms.example/x"]), course("b", ["https://lms.example/x"])];
    expect(refusal(() => checkCatalogueRules({ fiscalYear: 2024, courses: twice }))).toBe(
      "DUPLICATE_XAPI_ACTIVITY",
    );
  });
});

describe("programme year", () => {
  const fy2024: ProgrammeYear = {
    fiscalYear: 2024,
    capacity: 6,
    applicationOpensOn: "2024-04-01",
    applicationClosesOn: "2024-05-31",
    reportDueMonths: 2,
  };

  it("takes a window within the year or before it", () => {
    expect(programmeYearViolations(fy2024)).toEqual([]);
    expect(refusal(() => checkApplicationWindow(fy2024))).toBe(undefined);
    expect(refusal(() => checkApplicationWindow({ ...fy2024, applicationOpensOn: "2024-02-01" }))).toBe(
      undefined,
    );
  });

  it("refuses a window that closes before it opens or after the year ends, as a rule", () => {
    expect(refusal(() => checkApplicationWindow({ ...fy2024, applicationClosesOn: "2024-03-31" }))).toBe(
      "APPLICATION_WINDOW_INVALID",
    );
    expect(
      refusal(() =>
        checkApplicationWindow({
          ...fy2024,
          applicationOpensOn: "2025-04-01",
          applicationClosesOn: "2025-04-01",
        }),
      ),
    ).toBe("APPLICATION_WINDOW_INVALID");
  });
});
