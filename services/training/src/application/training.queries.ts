import {
  CommandInput,
  domainEvents,
  type EventStore,
  fiscalYearOf,
  fold,
  NotFoundError,
  RuleViolation,
  todayInJapan,
  ValidationError,
} from "@hr/kit";
import {
  catalogueOfYear,
  type OverseasTrainingApplication,
  type OverseasTrainingWithHistory,
  overseasTrainingEligibility,
  type TrainingRecordEvent,
  trainingRecordDecider,
} from "../domain";
import type { CourseCatalogueStore } from "./course-catalogue.store";
import type { JobTypeReadModel } from "./job-types.projection";
import type { OverseasProgrammeView } from "./overseas-applications.view";
import type { OverseasTrainingHandlers } from "./overseas-training.handlers";
import { recordStream } from "./training-record.handlers";

/**
 * Queries. An employee's record is folded from their own stream (read by `_id`); the programme's from
 * its small view collections; eligibility from the read model of hr.skills.v1.
 */
export class TrainingQueries {
  constructor(
    private readonly store: EventStore,
    private readonly catalogues: CourseCatalogueStore,
    private readonly programme: OverseasProgrammeView,
    private readonly applications: OverseasTrainingHandlers,
    private readonly jobTypes: JobTypeReadModel,
  ) {}

  async history(employeeId: string, fiscalYear?: number) {
    const { events } = await this.store.readStream<TrainingRecordEvent>(recordStream(employeeId));
    const state = fold(trainingRecordDecider, domainEvents(events));
    const inYear = (r: { effectiveDate: string }) =>
      fiscalYear === undefined || fiscalYearOf(r.effectiveDate) === fiscalYear;
    const byDate = <T extends { effectiveDate: string }>(a: T, b: T) =>
      a.effectiveDate.localeCompare(b.effectiveDate);
    const overseas = (await this.programme.applicationsOfEmployee(employeeId))
      .filter((a) => a.reportPresentedOn !== undefined)
      .map((a) => overseasCompletion(a, employeeId))
      .filter(inYear);
    return {
      completions: [...state.completions.values()]
        .filter((c) => !c.voided && inYear(c))
        .map(({ voided: _, ...c }) => c)
        .sort(byDate),
      certifications: [...state.certifications.values()]
        .filter((c) => !c.voided && inYear(c))
        // proto3: a certification recorded without its exam date reads "" over REST as over gRPC.
        .map(({ voided: _, proofReference: __, examFeeSubsidisedOutside: ___, ...c }) => ({
          ...c,
          examOn: c.examOn ?? "",
        }))
        .sort(byDate),
      overseasTrainings: overseas.sort(byDate),
      // A decided subsidy counts in its decision's fiscal year (as its event says), a pending one in its request's.
      subsidies: [...state.subsidies.values()]
        .filter((s) => !s.voided && inYear(s.decision ?? s))
        .map(({ decision, effectiveDate, employeeId: _, voided: __, ...s }) => ({
          ...s,
          requestedOn: effectiveDate,
          approvedAmountYen: decision?.approvedAmountYen ?? 0,
          // Unset reads as UNSPECIFIED (as in applicationReply), not as an enum value gRPC cannot encode.
          refusalReason: decision?.refusalReason ?? "SUBSIDY_REFUSAL_REASON_UNSPECIFIED",
          ...(decision ? { approved: decision.approved, decidedOn: decision.effectiveDate } : {}),
        })),
      surveys: state.surveys.filter(inYear).sort(byDate),
      nominations: [...state.nominations.values()]
        .filter((n) => !n.cancelled && inYear(n))
        .map(({ cancelled: _, ...n }) => n)
        .sort(byDate),
    };
  }

  async eligibility(employeeId: string, on = todayInJapan()) {
    const date = checkedDate("on", on);
    const result = overseasTrainingEligibility(await this.jobTypes.historyOf(employeeId), date);
    return {
      employeeId,
      on: date,
      eligible: result.eligible,
      reason: result.reason ?? "",
      fiscalYearAsIct: result.fiscalYearAsIct,
      ...(result.jobType ? { jobType: result.jobType } : {}),
      ...(result.ictSince ? { ictSince: result.ictSince } : {}),
    };
  }

  async application(applicationId: string) {
    const { state, version } = await this.applications.read(applicationId);
    if (!state) throw new NotFoundError(`no overseas training application ${applicationId}`);
    return { application: applicationReply(state), streamVersion: version };
  }

  async programmeYear(fiscalYear: number) {
    const year = await this.programme.programmeYear(fiscalYear);
    if (!year) throw new NotFoundError(`the programme year FY${fiscalYear} is not configured`);
    const applications = await this.programme.applicationsOf(fiscalYear);
    const placesTaken = applications.reduce((sum, a) => sum + a.placesHeld, 0);
    return {
      programmeYear: year,
      applications: applications.map(applicationReply),
      placesTaken,
      placesLeft: Math.max(0, year.capacity - placesTaken),
    };
  }

  async overdueReports(asOf = todayInJapan()) {
    const date = checkedDate("asOf", asOf);
    const reports = (await this.programme.awaitingReport())
      .filter((a) => a.reportDueOn !== undefined && a.reportDueOn < date)
      .map((a) => ({
        applicationId: a.applicationId,
        employeeIds: a.applicantEmployeeIds,
        returnedOn: a.returnedOn ?? "",
        reportDueOn: a.reportDueOn ?? "",
        daysOverdue: daysFrom(a.reportDueOn ?? date, date),
      }))
      .sort((a, b) => b.daysOverdue - a.daysOverdue);
    return { asOf: date, reports };
  }

  async catalogue(fiscalYear = fiscalYearOf(todayInJapan())) {
    const versions = await this.catalogues.versions();
    const catalogue = catalogueOfYear(versions, fiscalYear);
    if (!catalogue)
      throw new RuleViolation("NO_CATALOGUE_IN_FORCE", `no course catalogue in force in FY${fiscalYear}`);
    return { catalogue, loadedFiscalYears: versions.map((v) => v.fiscalYear) };
  }

  /** For each gap skill, in the order given: the courses that develop it, split by completed or not. */
  async learningPlan(employeeId: string, gapSkillIds: string[], fiscalYear?: number, roleId?: string) {
    if (gapSkillIds.length === 0) throw ValidationError.field("gapSkillIds", "must name at least one skill");
    const { catalogue } = await this.catalogue(fiscalYear);
    const { completions } = await this.history(employeeId);
    const completed = new Set(completions.map((c) => c.courseId));
    return {
      employeeId,
      catalogueFiscalYear: catalogue.fiscalYear,
      ...(roleId ? { roleId } : {}),
      entries: gapSkillIds.map((skillId) => {
        const developing = catalogue.courses.filter((c) => c.skillIds.includes(skillId));
        return {
          skillId,
          courses: developing.filter((c) => !completed.has(c.courseId)),
          completedCourseIds: developing.filter((c) => completed.has(c.courseId)).map((c) => c.courseId),
        };
      }),
    };
  }
}

/**
 * An application as both APIs answer it: a reason not given reads as its `*_UNSPECIFIED` value (proto3's
 * unset, left out of REST's JSON as of gRPC's), never as a value gRPC would encode as an invalid number.
 */
function applicationReply(a: OverseasTrainingWithHistory) {
  // What corrections and voidings of steps need, kept out of the proto's answer.
  const {
    stepsReached: _steps,
    earlierPlans: _plans,
    refinedOn: _refined,
    endedOn: _ended,
    memberWithdrawals: _withdrawals,
    ...shown
  } = a;
  return {
    ...shown,
    stepHistory: a.stepHistory ?? [],
    withdrawalReason: a.withdrawalReason ?? "WITHDRAWAL_REASON_UNSPECIFIED",
    rejectionReason: a.rejectionReason ?? "REJECTION_REASON_UNSPECIFIED",
  };
}

function overseasCompletion(a: OverseasTrainingApplication, employeeId: string) {
  return {
    employeeId,
    effectiveDate: a.reportPresentedOn ?? "",
    applicationId: a.applicationId,
    destinationsVisited: a.appointments.map((x) => x.destination),
    departedOn: a.departedOn ?? "",
    returnedOn: a.returnedOn ?? "",
    reportSubmitted: true,
    fiscalYear: a.fiscalYear,
  };
}

function checkedDate(field: string, value: string): string {
  new CommandInput().date(field, value).check();
  return value;
}

/** Calendar days from one date to a later one (both YYYY-MM-DD, read as UTC days). */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
