import { RuleViolation, ValidationError } from "@hr/kit";
import type { Collection, Db } from "mongodb";
import {
  checkApplicationWindow,
  DEFAULT_REPORT_DUE_MONTHS,
  type OverseasTrainingWithHistory,
  type ProgrammeYear,
  programmeYearViolations,
} from "../domain";

interface ApplicationDocument {
  /** The application id. */
  _id: string;
  fiscalYear: number;
  /** Stream version the view was written at: an older write never replaces a newer one. */
  version: number;
  application: OverseasTrainingWithHistory;
}

interface ProgrammeYearDocument extends ProgrammeYear {
  /** `FY2024`. */
  _id: string;
}

/**
 * The programme's read side, written by the command handlers after each append: one document per
 * application (by `_id`) and one per programme year. Both collections stay small (a few dozen
 * applications a year), so listing a year's applications may scan them.
 */
export class OverseasProgrammeView {
  private readonly applications: Collection<ApplicationDocument>;
  private readonly years: Collection<ProgrammeYearDocument>;

  constructor(db: Db) {
    this.applications = db.collection<ApplicationDocument>("overseas_applications");
    this.years = db.collection<ProgrammeYearDocument>("programme_years");
  }

  async write(application: OverseasTrainingWithHistory, version: number): Promise<void> {
    const current = await this.applications.findOne({ _id: application.applicationId });
    if (current && current.version >= version) return;
    await this.applications.replaceOne(
      { _id: application.applicationId },
      { fiscalYear: application.fiscalYear, version, application },
      { upsert: true },
    );
  }

  async applicationsOf(fiscalYear: number): Promise<OverseasTrainingWithHistory[]> {
    const docs = await this.applications.find({ fiscalYear }).toArray();
    return docs.map((d) => d.application).sort((a, b) => a.appliedOn.localeCompare(b.appliedOn));
  }

  /** An employee's applications (the collection stays small: a few dozen applications a year). */
  async applicationsOfEmployee(employeeId: string): Promise<OverseasTrainingWithHistory[]> {
    const docs = await this.applications.find({ "application.applicantEmployeeIds": employeeId }).toArray();
    return docs.map((d) => d.application);
  }

  /** Applications that have returned and not submitted their report (every year). */
  async awaitingReport(): Promise<OverseasTrainingWithHistory[]> {
    const docs = await this.applications
      .find({ "application.step": "OVERSEAS_TRAINING_STEP_RETURNED" })
      .toArray();
    return docs.map((d) => d.application);
  }

  async placesTaken(fiscalYear: number, except?: string): Promise<number> {
    const applications = await this.applicationsOf(fiscalYear);
    return applications.filter((a) => a.applicationId !== except).reduce((sum, a) => sum + a.placesHeld, 0);
  }

  async programmeYear(fiscalYear: number): Promise<ProgrammeYear | undefined> {
    const doc = await this.years.findOne({ _id: `FY${fiscalYear}` });
    if (!doc) return undefined;
    const { _id, ...year } = doc;
    return year;
  }

  /** Sets a year's settings; a capacity below the places already taken is refused. Repeating is harmless. */
  async configure(
    input: Omit<ProgrammeYear, "reportDueMonths"> & { reportDueMonths?: number },
  ): Promise<ProgrammeYear> {
    const year: ProgrammeYear = {
      ...input,
      reportDueMonths: input.reportDueMonths || DEFAULT_REPORT_DUE_MONTHS,
    };
    const violations = programmeYearViolations(year);
    if (violations.length > 0) throw new ValidationError(violations);
    checkApplicationWindow(year);
    const taken = await this.placesTaken(year.fiscalYear);
    if (year.capacity < taken) {
      throw new RuleViolation(
        "CAPACITY_BELOW_PLACES_TAKEN",
        `FY${year.fiscalYear} already has ${taken} places taken; the capacity cannot be ${year.capacity}`,
      );
    }
    await this.years.replaceOne({ _id: `FY${year.fiscalYear}` }, year, { upsert: true });
    return year;
  }
}
