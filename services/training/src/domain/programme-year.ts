/**
 * A programme year of the overseas dispatch training: its capacity (6 in FY2024), application window and
 * the time the dispatch report is due after return. Configuration, not law: every number is per year.
 */
import { dateRule, type FieldViolation, fiscalYearBounds, isDateInHorizon, RuleViolation } from "@hr/kit";
import { OVERSEAS_TRAINING_RULES } from "./overseas-training.reasons";

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
  if (!isDateInHorizon(year.applicationOpensOn)) fail("applicationOpensOn", dateRule());
  if (!isDateInHorizon(year.applicationClosesOn)) fail("applicationClosesOn", dateRule());
  return errors;
}

/**
 * The application window's rule, between well-formed fields (a schema cannot compare two dates): it
 * opens before it closes, and closes within the programme year or before it.
 */
export function checkApplicationWindow(year: ProgrammeYear): void {
  const { applicationOpensOn: opens, applicationClosesOn: closes, fiscalYear } = year;
  if (closes < opens || closes > fiscalYearBounds(fiscalYear).end) {
    throw new RuleViolation(
      OVERSEAS_TRAINING_RULES.applicationWindowInvalid,
      `the application window ${opens} to ${closes} must not close before it opens, and must close within FY${fiscalYear} or before it`,
    );
  }
}
