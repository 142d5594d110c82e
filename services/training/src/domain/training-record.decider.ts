/**
 * The rules of an employee's training record (one stream per employee): nominations, completions with
 * corrections and voidings, surveys, certifications and certification subsidies. decide is pure: the
 * catalogue course and today's date come in the command.
 *
 * Errors: malformed input throws ValidationError naming the field (the request schemas refuse the same
 * before); an unknown record id NotFoundError; a refused rule RuleViolation with a code from
 * training-record.reasons.ts. A well-formed id that the catalogue (or the record) does not hold is a rule
 * (COURSE_NOT_IN_CATALOGUE, ...), not bad input: the catalogue is data that changes, not a schema.
 *
 * Rules beyond the brief (design): completions, surveys and certifications cannot be dated after today;
 * a completion that names a nomination must be for that nomination's course; one pre and one post survey
 * per course; a certification is recorded once per code and date; a subsidy is decided once, an approval
 * pays at most the amount asked for, a refusal names its reason.
 */

import {
  CommandInput,
  type Decider,
  fiscalYearOf,
  NotFoundError,
  RuleViolation,
  ValidationError,
} from "@hr/kit";
import { TRAINING_LIMITS as L } from "@hr/proto";
import type { CertificationCatalogue } from "./certification-catalogue";
import {
  CORRECTION_REASONS,
  NOMINATION_CANCEL_REASONS,
  SUBSIDY_KINDS,
  SUBSIDY_REFUSAL_REASONS,
  SURVEY_ITEM_KINDS,
  SURVEY_PHASES,
  TRAINING_FORMS,
  VOID_REASONS,
} from "./code-lists";
import { type Course, catalogueInForce, findCourse } from "./course-catalogue";
import { optional } from "./optional";
import type {
  CancelNomination,
  CorrectCertificationSubsidy,
  CorrectCompletion,
  DecideCertificationSubsidy,
  NominateForCourse,
  RecordCertification,
  RecordCompletion,
  RecordSurvey,
  RequestCertificationSubsidy,
  TrainingRecordCommand,
  VoidCertification,
  VoidCertificationSubsidy,
  VoidCompletion,
} from "./training-record.commands";
import type {
  CertificationAcquiredData,
  CertificationSubsidyDecidedData,
  TrainingCompletedData,
  TrainingRecordEvent,
} from "./training-record.events";
import { TRAINING_RECORD_RULES as RULES } from "./training-record.reasons";
import {
  type CompletionRecord,
  completionOfAttempt,
  evolveTrainingRecord,
  examFeeSubsidised,
  initialTrainingRecordState,
  liveNomination,
  type SubsidyRecord,
  subsidyOfExam,
  type TrainingRecordState,
} from "./training-record.state";

const NOTE = { multiline: true, max: L.note.maxLength };
/** The most study hours one completion records. */
export const MAX_COMPLETION_HOURS = L.hours.maximum;

export const trainingRecordDecider: Decider<TrainingRecordCommand, TrainingRecordEvent, TrainingRecordState> =
  {
    initialState: initialTrainingRecordState,
    evolve: evolveTrainingRecord,
    decide: (command, state) => {
      switch (command.type) {
        case "NominateForCourse":
          return nominate(command, state);
        case "CancelNomination":
          return cancelNomination(command, state);
        case "RecordCompletion":
          return recordCompletion(command, state);
        case "CorrectCompletion":
          return correctCompletion(command, state);
        case "VoidCompletion":
          return voidCompletion(command, state);
        case "RecordSurvey":
          return recordSurvey(command, state);
        case "RecordCertification":
          return withSubsidyFlags(state, recordCertification(command, state));
        case "VoidCertification":
          return withSubsidyFlags(state, voidCertification(command, state));
        case "RequestCertificationSubsidy":
          return withSubsidyFlags(state, requestSubsidy(command, state));
        case "DecideCertificationSubsidy":
          return withSubsidyFlags(state, decideSubsidy(command, state));
        case "CorrectCertificationSubsidy":
          return withSubsidyFlags(state, correctSubsidy(command, state));
        case "VoidCertificationSubsidy":
          return withSubsidyFlags(state, voidSubsidy(command, state));
        default:
          throw ValidationError.field("type", "unknown command");
      }
    },
  };

function nominate(command: NominateForCourse, state: TrainingRecordState): TrainingRecordEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("courseId", command.courseId)
    .id("unitCode", command.unitCode)
    .wholeNumber("fiscalYear", command.fiscalYear)
    .date("nominatedOn", command.nominatedOn)
    .check();
  requireCourse(command.course, command.courseId);
  // The event is dated by the nomination, and records file it by that date's fiscal year.
  if (fiscalYearOf(command.nominatedOn) !== command.fiscalYear) {
    throw new RuleViolation(
      RULES.nominationOutsideFiscalYear,
      `a nomination dated ${command.nominatedOn} is in FY${fiscalYearOf(command.nominatedOn)}, not FY${command.fiscalYear}: nominate on a day of the course's fiscal year`,
    );
  }
  const earlier = liveNomination(state, command.courseId, command.fiscalYear);
  if (earlier) {
    throw new RuleViolation(
      RULES.alreadyNominated,
      `employee ${command.employeeId} is already nominated for ${command.courseId} in FY${command.fiscalYear} (${earlier.nominationId})`,
    );
  }
  return [
    {
      type: "TrainingNominated",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.nominatedOn,
        nominationId: command.nominationId,
        courseId: command.courseId,
        fiscalYear: command.fiscalYear,
        unitCode: command.unitCode,
      },
    },
  ];
}

function cancelNomination(command: CancelNomination, state: TrainingRecordState): TrainingRecordEvent[] {
  new CommandInput()
    .id("nominationId", command.nominationId)
    .oneOf("reasonCode", command.reasonCode, NOMINATION_CANCEL_REASONS)
    .date("cancelledOn", command.cancelledOn)
    .check();
  const nomination = state.nominations.get(command.nominationId);
  if (!nomination) throw new NotFoundError(`no nomination ${command.nominationId} for ${command.employeeId}`);
  if (nomination.cancelled) {
    throw new RuleViolation(
      RULES.nominationCancelled,
      `nomination ${command.nominationId} is already cancelled`,
    );
  }
  return [
    {
      type: "TrainingNominationCancelled",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.cancelledOn,
        nominationId: command.nominationId,
        reasonCode: command.reasonCode,
      },
    },
  ];
}

function recordCompletion(command: RecordCompletion, state: TrainingRecordState): TrainingRecordEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("completionId", command.completionId)
    .id("courseId", command.courseId)
    .date("completedOn", command.completedOn)
    .text("courseTitle", command.courseTitle, { max: L.name.maxLength });
  if (command.form !== undefined) input.oneOf("form", command.form, TRAINING_FORMS);
  if (command.nominationId !== undefined) input.id("nominationId", command.nominationId);
  checkHoursAndScore(input, command);
  input.check();
  const course = requireCourse(command.course, command.courseId);
  if (state.completions.has(command.completionId)) {
    throw new RuleViolation(RULES.idAlreadyUsed, `completion ${command.completionId} already exists`);
  }
  // One completion per employee, course and attempt (xAPI sends `completed` and `passed` for one).
  if (command.attemptId !== undefined && completionOfAttempt(state, command.courseId, command.attemptId)) {
    return [];
  }
  notAfterToday(command.completedOn, command.today, "completion");
  if (command.nominationId !== undefined) {
    const nomination = state.nominations.get(command.nominationId);
    if (!nomination) {
      throw new RuleViolation(
        RULES.unknownNomination,
        `${command.employeeId} has no nomination ${command.nominationId}`,
      );
    }
    if (nomination.cancelled) {
      throw new RuleViolation(RULES.nominationCancelled, `nomination ${command.nominationId} is cancelled`);
    }
    if (nomination.courseId !== command.courseId) {
      throw new RuleViolation(
        RULES.nominationForOtherCourse,
        `nomination ${command.nominationId} is for ${nomination.courseId}, not ${command.courseId}`,
      );
    }
  }
  const data: TrainingCompletedData = {
    employeeId: command.employeeId,
    effectiveDate: command.completedOn,
    completionId: command.completionId,
    courseId: command.courseId,
    courseTitle: command.courseTitle || course.title,
    form: command.form ?? course.form,
    provider: course.provider,
    source: command.source,
    ...optional("hours", command.hours),
    ...optional("score", command.score),
    ...optional("nominationId", command.nominationId),
    ...optional("attemptId", command.attemptId),
  };
  return [{ type: "TrainingCompleted", data }];
}

function correctCompletion(command: CorrectCompletion, state: TrainingRecordState): TrainingRecordEvent[] {
  const input = new CommandInput()
    .id("completionId", command.completionId)
    .oneOf("reasonCode", command.reasonCode, CORRECTION_REASONS)
    .text("note", command.note, NOTE);
  if (command.courseId !== undefined) input.id("courseId", command.courseId);
  if (command.completedOn !== undefined) input.date("completedOn", command.completedOn);
  checkHoursAndScore(input, command);
  input.check();
  const completion = liveCompletion(state, command.completionId);
  const completedOn = command.completedOn ?? completion.effectiveDate;
  const course =
    command.courseId === undefined || command.courseId === completion.courseId
      ? undefined
      : requireCourse(
          findCourse(catalogueInForce(command.catalogues, completedOn), command.courseId),
          command.courseId,
        );
  notAfterToday(completedOn, command.today, "completion");
  const after = {
    courseId: course?.courseId ?? completion.courseId,
    courseTitle: course?.title ?? completion.courseTitle,
    form: course?.form ?? completion.form,
    provider: course?.provider ?? completion.provider,
    completedOn,
    hours: command.hours ?? completion.hours,
    score: command.score ?? completion.score,
  };
  if (
    after.courseId === completion.courseId &&
    after.completedOn === completion.effectiveDate &&
    after.hours === completion.hours &&
    after.score === completion.score
  ) {
    throw new RuleViolation(
      RULES.correctionChangesNothing,
      `completion ${command.completionId} already reads as the correction would make it`,
    );
  }
  return [
    {
      type: "CompletionCorrected",
      data: {
        employeeId: command.employeeId,
        effectiveDate: after.completedOn,
        completionId: command.completionId,
        courseId: after.courseId,
        courseTitle: after.courseTitle,
        form: after.form,
        provider: after.provider,
        ...optional("hours", after.hours),
        ...optional("score", after.score),
        previousEffectiveDate: completion.effectiveDate,
        reasonCode: command.reasonCode,
        ...optional("note", command.note),
      },
    },
  ];
}

function voidCompletion(command: VoidCompletion, state: TrainingRecordState): TrainingRecordEvent[] {
  new CommandInput()
    .id("completionId", command.completionId)
    .oneOf("reasonCode", command.reasonCode, VOID_REASONS)
    .text("note", command.note, NOTE)
    .check();
  const completion = liveCompletion(state, command.completionId);
  return [
    {
      type: "CompletionVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: completion.effectiveDate,
        completionId: command.completionId,
        reasonCode: command.reasonCode,
        ...optional("note", command.note),
      },
    },
  ];
}

function recordSurvey(command: RecordSurvey, state: TrainingRecordState): TrainingRecordEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("courseId", command.courseId)
    .oneOf("phase", command.phase, SURVEY_PHASES)
    .date("answeredOn", command.answeredOn);
  if (command.answers.length === 0) input.fail("answers", "must hold at least one answer");
  input.within("answers", command.answers, L.surveyAnswers);
  command.answers.forEach((answer, i) => {
    input
      .id(`answers[${i}].itemId`, answer.itemId)
      .oneOf(`answers[${i}].kind`, answer.kind, SURVEY_ITEM_KINDS);
    if (!Number.isInteger(answer.score)) input.fail(`answers[${i}].score`, "must be a whole number");
    else input.within(`answers[${i}].score`, answer.score, L.surveyScore);
  });
  input.check();
  // A rule, not a shape: a schema cannot say "unique by itemId" of a list of objects.
  const items = command.answers.map((a) => a.itemId);
  const twice = items.find((item, i) => items.indexOf(item) !== i);
  if (twice !== undefined) {
    throw new RuleViolation(RULES.surveyItemTwice, `the survey answers item ${twice} more than once`);
  }
  requireCourse(command.course, command.courseId);
  notAfterToday(command.answeredOn, command.today, "survey");
  // Per fiscal year of the answers: a course taken again in a later year is measured again.
  const fiscalYear = fiscalYearOf(command.answeredOn);
  if (
    state.surveys.some(
      (s) =>
        s.courseId === command.courseId &&
        s.phase === command.phase &&
        fiscalYearOf(s.effectiveDate) === fiscalYear,
    )
  ) {
    throw new RuleViolation(
      RULES.surveyAlreadyRecorded,
      `the ${command.phase} survey of ${command.courseId} is already recorded for ${command.employeeId} in FY${fiscalYear}`,
    );
  }
  return [
    {
      type: "SurveyRecorded",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.answeredOn,
        surveyId: command.surveyId,
        courseId: command.courseId,
        phase: command.phase,
        answers: command.answers.map(({ itemId, kind, score }) => ({ itemId, kind, score })),
      },
    },
  ];
}

function recordCertification(
  command: RecordCertification,
  state: TrainingRecordState,
): TrainingRecordEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("certificationCode", command.certificationCode)
    .date("acquiredOn", command.acquiredOn)
    .text("certificationName", command.certificationName, { max: L.name.maxLength })
    .text("proofReference", command.proofReference, { max: L.name.maxLength });
  if (command.examOn !== undefined) input.date("examOn", command.examOn);
  input.check();
  const name = certificationName(command);
  notAfterToday(command.acquiredOn, command.today, "certification");
  if (command.examOn !== undefined && command.examOn > command.acquiredOn) {
    throw new RuleViolation(
      RULES.examAfterAcquisition,
      `the exam of ${command.examOn} cannot come after the certification acquired on ${command.acquiredOn}`,
    );
  }
  const certifications = [...state.certifications.values()];
  if (certifications.some((c) => c.certificationId === command.certificationId)) {
    throw new RuleViolation(RULES.idAlreadyUsed, `certification ${command.certificationId} already exists`);
  }
  if (
    certifications.some(
      (c) =>
        !c.voided && c.certificationCode === command.certificationCode && c.acquiredOn === command.acquiredOn,
    )
  ) {
    throw new RuleViolation(
      RULES.certificationAlreadyRecorded,
      `${command.certificationCode} acquired on ${command.acquiredOn} is already recorded`,
    );
  }
  const data: CertificationAcquiredData = {
    employeeId: command.employeeId,
    effectiveDate: command.acquiredOn,
    certificationId: command.certificationId,
    certificationCode: command.certificationCode,
    certificationName: name,
    acquiredOn: command.acquiredOn,
    ...optional("examOn", command.examOn),
    examFeeSubsidised: command.examFeeSubsidised,
    examFeeSubsidisedOutside: command.examFeeSubsidised,
    ...optional("proofReference", command.proofReference),
  };
  const after = evolveTrainingRecord(state, { type: "CertificationAcquired", data });
  const recorded = after.certifications.get(command.certificationId);
  const subsidised = recorded !== undefined && examFeeSubsidised(after, recorded);
  return [{ type: "CertificationAcquired", data: { ...data, examFeeSubsidised: subsidised } }];
}

/** A catalogued code keeps the catalogue's name; another code needs the name it is known by. */
function certificationName(command: RecordCertification): string {
  const catalogued = command.certifications[command.certificationCode];
  if (catalogued === undefined) {
    if (command.certificationName) return command.certificationName;
    throw new RuleViolation(
      RULES.certificationNotInCatalogue,
      `certification ${command.certificationCode} is not in the certification catalogue (${Object.keys(command.certifications).join(", ")}); give certificationName for another`,
    );
  }
  if (command.certificationName && command.certificationName !== catalogued) {
    throw new RuleViolation(
      RULES.certificationNameNotCatalogued,
      `${command.certificationCode} is catalogued as "${catalogued}": leave certificationName out or give that name`,
    );
  }
  return catalogued;
}

function voidCertification(command: VoidCertification, state: TrainingRecordState): TrainingRecordEvent[] {
  new CommandInput()
    .id("certificationId", command.certificationId)
    .oneOf("reasonCode", command.reasonCode, VOID_REASONS)
    .text("note", command.note, NOTE)
    .check();
  const certification = state.certifications.get(command.certificationId);
  if (!certification) {
    throw new NotFoundError(`no certification ${command.certificationId} for ${command.employeeId}`);
  }
  if (certification.voided) {
    throw new RuleViolation(
      RULES.certificationVoided,
      `certification ${command.certificationId} is already voided`,
    );
  }
  return [
    {
      type: "CertificationVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: certification.effectiveDate,
        certificationId: command.certificationId,
        certificationCode: certification.certificationCode,
        reasonCode: command.reasonCode,
        ...optional("note", command.note),
      },
    },
  ];
}

function requestSubsidy(
  command: RequestCertificationSubsidy,
  state: TrainingRecordState,
): TrainingRecordEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("certificationCode", command.certificationCode)
    .date("examOn", command.examOn)
    .oneOf("kind", command.kind, SUBSIDY_KINDS)
    .date("requestedOn", command.requestedOn);
  positiveYen(input, "requestedAmountYen", command.requestedAmountYen);
  input.check();
  checkSubsidy(
    { ...command, effectiveDate: command.requestedOn, voided: false },
    state,
    command.certifications,
  );
  return [
    {
      type: "CertificationSubsidyRequested",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.requestedOn,
        subsidyId: command.subsidyId,
        certificationCode: command.certificationCode,
        examOn: command.examOn,
        kind: command.kind,
        requestedAmountYen: command.requestedAmountYen,
      },
    },
  ];
}

function decideSubsidy(
  command: DecideCertificationSubsidy,
  state: TrainingRecordState,
): TrainingRecordEvent[] {
  const input = new CommandInput().id("subsidyId", command.subsidyId).date("decidedOn", command.decidedOn);
  checkDecision(input, command);
  input.check();
  const subsidy = liveSubsidy(state, command.subsidyId, command.employeeId);
  if (subsidy.decision) {
    throw new RuleViolation(RULES.subsidyAlreadyDecided, `subsidy ${command.subsidyId} is already decided`);
  }
  const decision: CertificationSubsidyDecidedData = {
    employeeId: command.employeeId,
    effectiveDate: command.decidedOn,
    subsidyId: command.subsidyId,
    certificationCode: subsidy.certificationCode,
    examOn: subsidy.examOn,
    kind: subsidy.kind,
    approved: command.approved,
    approvedAmountYen: command.approved ? (command.approvedAmountYen ?? 0) : 0,
    ...(command.approved ? {} : optional("refusalReason", command.refusalReason)),
  };
  checkSubsidy({ ...subsidy, decision }, state);
  return [{ type: "CertificationSubsidyDecided", data: decision }];
}

function correctSubsidy(
  command: CorrectCertificationSubsidy,
  state: TrainingRecordState,
): TrainingRecordEvent[] {
  const input = new CommandInput()
    .id("subsidyId", command.subsidyId)
    .oneOf("reasonCode", command.reasonCode, CORRECTION_REASONS)
    .text("note", command.note, NOTE);
  if (command.certificationCode !== undefined) input.id("certificationCode", command.certificationCode);
  if (command.examOn !== undefined) input.date("examOn", command.examOn);
  if (command.kind !== undefined) input.oneOf("kind", command.kind, SUBSIDY_KINDS);
  if (command.requestedAmountYen !== undefined) {
    positiveYen(input, "requestedAmountYen", command.requestedAmountYen);
  }
  if (command.requestedOn !== undefined) input.date("requestedOn", command.requestedOn);
  if (command.decidedOn !== undefined) input.date("decidedOn", command.decidedOn);
  input.check();
  const before = liveSubsidy(state, command.subsidyId, command.employeeId);
  const decisionChanged =
    command.approved !== undefined ||
    command.approvedAmountYen !== undefined ||
    command.refusalReason !== undefined ||
    command.decidedOn !== undefined;
  if (decisionChanged && !before.decision) {
    throw new RuleViolation(
      RULES.subsidyNotDecided,
      `subsidy ${command.subsidyId} is not decided: decide it (DecideCertificationSubsidy) rather than correct its decision`,
    );
  }
  const approved = command.approved ?? before.decision?.approved ?? false;
  const decision = before.decision && {
    approved,
    // A refusal turned into an approval needs its amount; an approval turned into a refusal its reason.
    approvedAmountYen: approved
      ? (command.approvedAmountYen ??
        (before.decision.approved ? before.decision.approvedAmountYen : undefined))
      : undefined,
    refusalReason: approved
      ? undefined
      : (command.refusalReason ?? (before.decision.approved ? undefined : before.decision.refusalReason)),
    decidedOn: command.decidedOn ?? before.decision.effectiveDate,
  };
  if (decision) {
    const decisionInput = new CommandInput();
    checkDecision(decisionInput, decision);
    decisionInput.check();
  }
  const { decision: decidedBefore, ...requested } = before;
  const after: SubsidyRecord = {
    ...requested,
    certificationCode: command.certificationCode ?? before.certificationCode,
    examOn: command.examOn ?? before.examOn,
    kind: command.kind ?? before.kind,
    requestedAmountYen: command.requestedAmountYen ?? before.requestedAmountYen,
    effectiveDate: command.requestedOn ?? before.effectiveDate,
    ...(decision && decidedBefore
      ? {
          decision: {
            employeeId: decidedBefore.employeeId,
            subsidyId: decidedBefore.subsidyId,
            certificationCode: command.certificationCode ?? before.certificationCode,
            examOn: command.examOn ?? before.examOn,
            kind: command.kind ?? before.kind,
            effectiveDate: decision.decidedOn,
            approved,
            approvedAmountYen: decision.approvedAmountYen ?? 0,
            ...optional("refusalReason", decision.refusalReason),
          },
        }
      : {}),
  };
  checkSubsidy(after, state, command.certificationCode === undefined ? undefined : command.certifications);
  if (sameSubsidy(before, after)) {
    throw new RuleViolation(
      RULES.correctionChangesNothing,
      `subsidy ${command.subsidyId} already reads as the correction would make it`,
    );
  }
  return [
    {
      type: "CertificationSubsidyCorrected",
      data: {
        employeeId: command.employeeId,
        effectiveDate: subsidyDate(after),
        subsidyId: command.subsidyId,
        certificationCode: after.certificationCode,
        examOn: after.examOn,
        kind: after.kind,
        requestedAmountYen: after.requestedAmountYen,
        requestedOn: after.effectiveDate,
        decided: after.decision !== undefined,
        approved: after.decision?.approved ?? false,
        approvedAmountYen: after.decision?.approvedAmountYen ?? 0,
        ...optional("refusalReason", after.decision?.refusalReason),
        ...optional("decidedOn", after.decision?.effectiveDate),
        previousEffectiveDate: subsidyDate(before),
        reasonCode: command.reasonCode,
        ...optional("note", command.note),
      },
    },
  ];
}

function voidSubsidy(command: VoidCertificationSubsidy, state: TrainingRecordState): TrainingRecordEvent[] {
  new CommandInput()
    .id("subsidyId", command.subsidyId)
    .oneOf("reasonCode", command.reasonCode, VOID_REASONS)
    .text("note", command.note, NOTE)
    .check();
  const subsidy = liveSubsidy(state, command.subsidyId, command.employeeId);
  return [
    {
      type: "CertificationSubsidyVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: subsidyDate(subsidy),
        subsidyId: command.subsidyId,
        certificationCode: subsidy.certificationCode,
        examOn: subsidy.examOn,
        reasonCode: command.reasonCode,
        ...optional("note", command.note),
      },
    },
  ];
}

/** The day a subsidy counts: its decision's (the amount counts in that fiscal year), else its request's. */
const subsidyDate = (subsidy: SubsidyRecord) => subsidy.decision?.effectiveDate ?? subsidy.effectiveDate;

function sameSubsidy(a: SubsidyRecord, b: SubsidyRecord): boolean {
  const values = (s: SubsidyRecord) =>
    JSON.stringify([
      s.certificationCode,
      s.examOn,
      s.kind,
      s.requestedAmountYen,
      s.effectiveDate,
      s.decision?.approved,
      s.decision?.approvedAmountYen,
      s.decision?.refusalReason,
      s.decision?.effectiveDate,
    ]);
  return values(a) === values(b);
}

function liveSubsidy(state: TrainingRecordState, subsidyId: string, employeeId: string): SubsidyRecord {
  const subsidy = state.subsidies.get(subsidyId);
  if (!subsidy) throw new NotFoundError(`no subsidy ${subsidyId} for ${employeeId}`);
  if (subsidy.voided) throw new RuleViolation(RULES.subsidyVoided, `subsidy ${subsidyId} is voided`);
  return subsidy;
}

function positiveYen(input: CommandInput, field: string, amount: number | undefined): void {
  if (!Number.isInteger(amount)) input.fail(field, "must be a whole number of yen");
  else input.within(field, amount, L.yen);
}

/** An approval names a positive amount, a refusal its reason. */
function checkDecision(
  input: CommandInput,
  decision: { approved: boolean; approvedAmountYen?: number | undefined; refusalReason?: string | undefined },
): void {
  if (decision.approved) {
    if (!Number.isInteger(decision.approvedAmountYen) || (decision.approvedAmountYen ?? 0) <= 0) {
      input.fail("approvedAmountYen", "must be a positive whole number of yen when approved");
    }
  } else {
    input.oneOf("refusalReason", decision.refusalReason, SUBSIDY_REFUSAL_REASONS);
  }
}

/**
 * The rules a subsidy keeps whether requested, decided or corrected: a catalogued certification (checked
 * when the code is given), at most one live subsidy per certification and exam date, a decision on or
 * after the request, an approval of at most the amount asked for.
 */
function checkSubsidy(
  subsidy: SubsidyRecord,
  state: TrainingRecordState,
  certifications?: CertificationCatalogue,
): void {
  if (certifications && certifications[subsidy.certificationCode] === undefined) {
    throw new RuleViolation(
      RULES.certificationNotInCatalogue,
      `certification ${subsidy.certificationCode} is not in the certification catalogue (${Object.keys(certifications).join(", ")}); a subsidy is for a catalogued certification`,
    );
  }
  const twin = [...state.subsidies.values()].find(
    (s) =>
      !s.voided &&
      s.subsidyId !== subsidy.subsidyId &&
      s.certificationCode === subsidy.certificationCode &&
      s.examOn === subsidy.examOn,
  );
  if (twin) {
    throw new RuleViolation(
      RULES.subsidyAlreadyRequested,
      `a subsidy for ${subsidy.certificationCode} on exam date ${subsidy.examOn} exists (${twin.subsidyId}): at most one per certification and exam date`,
    );
  }
  const decision = subsidy.decision;
  if (!decision) return;
  if (decision.effectiveDate < subsidy.effectiveDate) {
    throw new RuleViolation(
      RULES.decisionBeforeRequest,
      `a decision on ${decision.effectiveDate} cannot precede the request of ${subsidy.effectiveDate}`,
    );
  }
  if (decision.approvedAmountYen > subsidy.requestedAmountYen) {
    throw new RuleViolation(
      RULES.approvalOverRequest,
      `an approval of ${decision.approvedAmountYen} yen is more than the ${subsidy.requestedAmountYen} yen asked for`,
    );
  }
}

/**
 * After a change to certifications or subsidies, every live certification whose derived
 * `examFeeSubsidised` no longer reads as published gets a CertificationExamFeeSubsidisedChanged: whichever
 * of the certification and its subsidy's approval came first, the flag ends up the same.
 */
function withSubsidyFlags(state: TrainingRecordState, events: TrainingRecordEvent[]): TrainingRecordEvent[] {
  const after = events.reduce(evolveTrainingRecord, state);
  const changes: TrainingRecordEvent[] = [...after.certifications.values()]
    .filter((c) => !c.voided && examFeeSubsidised(after, c) !== c.examFeeSubsidised)
    .map((c) => ({
      type: "CertificationExamFeeSubsidisedChanged",
      data: {
        employeeId: c.employeeId,
        effectiveDate: c.effectiveDate,
        certificationId: c.certificationId,
        certificationCode: c.certificationCode,
        examFeeSubsidised: !c.examFeeSubsidised,
        ...optional("subsidyId", subsidyOfExam(after, c)?.subsidyId),
      },
    }));
  return [...events, ...changes];
}

function requireCourse(course: Course | undefined, courseId: string): Course {
  if (!course) {
    throw new RuleViolation(
      RULES.courseNotInCatalogue,
      `course ${courseId} is not in the course catalogue in force`,
    );
  }
  return course;
}

function liveCompletion(state: TrainingRecordState, completionId: string): CompletionRecord {
  const completion = state.completions.get(completionId);
  if (!completion) throw new NotFoundError(`no completion ${completionId}`);
  if (completion.voided) {
    throw new RuleViolation(RULES.completionVoided, `completion ${completionId} is voided`);
  }
  return completion;
}

function checkHoursAndScore(input: CommandInput, values: { hours?: number; score?: number }): void {
  if (values.hours !== undefined) input.within("hours", values.hours, L.hours);
  if (values.score !== undefined) input.within("score", values.score, L.score);
}

function notAfterToday(date: string, today: string, what: string): void {
  if (date > today) {
    throw new RuleViolation(RULES.dateInFuture, `a ${what} cannot be dated ${date}, after today (${today})`);
  }
}
