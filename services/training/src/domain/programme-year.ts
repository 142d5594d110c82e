/**
 * A programme year of the overseas dispatch training: its capacity (6 in FY2024), application window and
 * the time the dispatch report is due after return. Configuration, not law: every number is per year.
 */
import { type FieldViolation, fiscalYearBounds, isIsoDate } from "@hr/kit";

export interface ProgrammeYear {
  fiscalYear: number;
  /** Trainee candidates selectable in the year; a group takes one place per member. */
  capacity: number;
  applicationOpensOn: string;
  applicationClosesOn: string;
  /** Months after return the report is due: the time writing it takes in practice. */
  reportDueMonths: number;
}

export const DEFAULT_REPORT_DUE_MONTHS = 2;

export function programmeYearViolations(year: ProgrammeYear): FieldViolation[] {
  const errors: FieldViolation[] = [];
  const fail = (field: string, message: string) => errors.push({ field: `programmeYear.${field}`, message });
  if (!Number.isInteger(year.fiscalYear) || year.fiscalYear < 2000 || year.fiscalYear > 2100) {
    fail("fiscalYear", "must be a fiscal year from 2000 to 2100");
  }
  if (!Number.isInteger(year.capacity) || year.capacity < 1 || year.capacity > 1000) {
    fail("capacity", "must be a whole number from 1 to 1000");
  }
  if (!Number.isInteger(year.reportDueMonths) || year.reportDueMonths < 1 || year.reportDueMonths > 24) {
    fail("reportDueMonths", "must be a whole number of months from 1 to 24");
  }
  if (!isIsoDate(year.applicationOpensOn)) fail("applicationOpensOn", "must be a calendar date YYYY-MM-DD");
  if (!isIsoDate(year.applicationClosesOn)) fail("applicationClosesOn", "must be a calendar date YYYY-MM-DD");
  else if (isIsoDate(year.applicationOpensOn) && year.applicationClosesOn < year.applicationOpensOn) {
    fail("applicationClosesOn", "must not be before application_opens_on");
  }
  if (errors.length === 0 && year.applicationClosesOn > fiscalYearBounds(year.fiscalYear).end) {
    fail("applicationClosesOn", `must lie within FY${year.fiscalYear} or before it`);
  }
  return errors;
}
