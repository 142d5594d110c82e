import { randomUUID } from "node:crypto";
import {
  type CallContext,
  type CommandContext,
  ConflictError,
  commandContext,
  domainEvents,
  type EventStore,
  fingerprintOf,
  fold,
  handleCommand,
  isIsoDate,
  todayInJapan,
} from "@hr/kit";
import type { Db } from "mongodb";
import {
  type CancelNomination,
  type CertificationCatalogue,
  type CorrectCertificationSubsidy,
  type CorrectCompletion,
  type Course,
  catalogueInForce,
  catalogueOfYear,
  completionOfAttempt,
  type DecideCertificationSubsidy,
  findCourse,
  liveNomination,
  type NominateForCourse,
  type RecordCertification,
  type RecordCompletion,
  type RecordSurvey,
  type RequestCertificationSubsidy,
  type TrainingRecordCommand,
  type TrainingRecordEvent,
  type TrainingRecordState,
  trainingRecordDecider,
  type VoidCertification,
  type VoidCertificationSubsidy,
  type VoidCompletion,
} from "../domain";
import type { CourseCatalogueStore } from "./course-catalogue.store";
import { NomineeSlots } from "./nominee-slots";

export const recordStream = (employeeId: string) => `training-record-${employeeId}`;

/** What a caller sends: the command without what the application fills in. */
type Sent<C, Filled extends string = never> = Omit<
  C,
  "type" | "course" | "today" | "certifications" | Filled
>;

/**
 * Command handlers of an employee's training record: fill in what the rules need (the catalogue course
 * in force, today's date in Japan, new ids), then load, decide and append through the kit. A repeated
 * `requestId` returns the first reply, including the id assigned then.
 */
export class TrainingRecordHandlers {
  private readonly slots: NomineeSlots;

  constructor(
    private readonly store: EventStore,
    private readonly catalogues: CourseCatalogueStore,
    private readonly notifyOutbox: () => void,
    db: Db,
    private readonly certifications: CertificationCatalogue,
  ) {
    this.slots = new NomineeSlots(db, (employeeId, courseId, fiscalYear) =>
      this.isNominated(employeeId, courseId, fiscalYear),
    );
  }

  /** A course whose rules take one nominee per unit (DX training) is nominated holding the unit's place. */
  async nominate(sent: Sent<NominateForCourse, "nominationId">, requestId: string, call: CallContext) {
    const nominationId = `nom-${randomUUID()}`;
    const course = findCourse(
      catalogueOfYear(await this.catalogues.versions(), sent.fiscalYear),
      sent.courseId,
    );
    const command: NominateForCourse = { ...sent, type: "NominateForCourse", nominationId, course };
    const record = () =>
      this.run(command, sent, commandContext(requestId, call), (version) => ({
        nominationId,
        streamVersion: version,
      }));
    return course?.oneNomineePerUnit ? this.slots.holding(sent, record) : record();
  }

  private async isNominated(employeeId: string, courseId: string, fiscalYear: number): Promise<boolean> {
    const { events } = await this.store.readStream<TrainingRecordEvent>(recordStream(employeeId));
    const state = fold(trainingRecordDecider, domainEvents(events));
    return liveNomination(state, courseId, fiscalYear) !== undefined;
  }

  cancelNomination(sent: Omit<CancelNomination, "type">, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "CancelNomination" },
      sent,
      commandContext(requestId, call),
      (version) => ({
        nominationId: sent.nominationId,
        streamVersion: version,
      }),
    );
  }

  /**
   * Also the path of an xAPI statement: then the completion id is derived from the statement id, and the
   * request a repeat is compared with is the statement as sent (`origin.request`), not the values derived
   * from it (today's date, the catalogue's course), which may differ on a retry.
   */
  async recordCompletion(
    sent: Sent<RecordCompletion, "completionId" | "source">,
    context: CommandContext,
    origin: {
      source: RecordCompletion["source"];
      completionId?: string;
      request?: unknown;
      attemptId?: string;
      /** The course as the caller found it in the catalogue in force on the day (an xAPI batch reads it once). */
      course?: Course;
    } = {
      source: "COMPLETION_SOURCE_RECORDED",
    },
  ) {
    const completionId = origin.completionId ?? `cmp-${randomUUID()}`;
    const command: RecordCompletion = {
      ...sent,
      type: "RecordCompletion",
      completionId,
      source: origin.source,
      ...(origin.attemptId === undefined ? {} : { attemptId: origin.attemptId }),
      course: origin.course ?? (await this.courseOn(sent.courseId, sent.completedOn)),
      today: todayInJapan(),
    };
    // A second statement of an attempt records nothing: the reply names the attempt's completion.
    return this.run(command, origin.request ?? sent, context, (version, _events, state) => ({
      completionId:
        origin.attemptId === undefined
          ? completionId
          : (completionOfAttempt(state, sent.courseId, origin.attemptId)?.completionId ?? completionId),
      streamVersion: version,
    }));
  }

  /** Whether `requestId` was recorded for this request already (a repeat); ConflictError for another. */
  async alreadyRecorded(requestId: string, commandName: string, request: unknown): Promise<boolean> {
    const earlier = await this.store.findByRequestId(requestId);
    if (!earlier) return false;
    if (earlier.fingerprint !== fingerprintOf(commandName, request)) {
      throw new ConflictError(
        `request_id ${requestId} was already used for a different request; use a new request_id`,
        { retryable: false },
      );
    }
    return true;
  }

  async correctCompletion(
    sent: Omit<Sent<CorrectCompletion>, "catalogues">,
    requestId: string,
    call: CallContext,
  ) {
    const command: CorrectCompletion = {
      ...sent,
      type: "CorrectCompletion",
      catalogues: await this.catalogues.versions(),
      today: todayInJapan(),
    };
    return this.run(command, sent, commandContext(requestId, call), (version) => ({
      completionId: sent.completionId,
      streamVersion: version,
    }));
  }

  voidCompletion(sent: Omit<VoidCompletion, "type">, context: CommandContext) {
    return this.run({ ...sent, type: "VoidCompletion" }, sent, context, (version) => ({
      completionId: sent.completionId,
      streamVersion: version,
    }));
  }

  async recordSurvey(sent: Sent<RecordSurvey, "surveyId">, requestId: string, call: CallContext) {
    const surveyId = `srv-${randomUUID()}`;
    const command: RecordSurvey = {
      ...sent,
      type: "RecordSurvey",
      surveyId,
      course: await this.courseOn(sent.courseId, sent.answeredOn),
      today: todayInJapan(),
    };
    return this.run(command, sent, commandContext(requestId, call), (version) => ({
      surveyId,
      streamVersion: version,
    }));
  }

  recordCertification(
    sent: Sent<RecordCertification, "certificationId">,
    requestId: string,
    call: CallContext,
  ) {
    const certificationId = `crt-${randomUUID()}`;
    const command: RecordCertification = {
      ...sent,
      type: "RecordCertification",
      certificationId,
      certifications: this.certifications,
      today: todayInJapan(),
    };
    return this.run(command, sent, commandContext(requestId, call), (version) => ({
      certificationId,
      streamVersion: version,
    }));
  }

  voidCertification(sent: Omit<VoidCertification, "type">, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "VoidCertification" },
      sent,
      commandContext(requestId, call),
      (version) => ({
        certificationId: sent.certificationId,
        streamVersion: version,
      }),
    );
  }

  requestSubsidy(sent: Sent<RequestCertificationSubsidy, "subsidyId">, requestId: string, call: CallContext) {
    const subsidyId = `sub-${randomUUID()}`;
    const command: RequestCertificationSubsidy = {
      ...sent,
      type: "RequestCertificationSubsidy",
      subsidyId,
      certifications: this.certifications,
    };
    return this.run(command, sent, commandContext(requestId, call), (version) => ({
      subsidyId,
      streamVersion: version,
    }));
  }

  decideSubsidy(sent: Omit<DecideCertificationSubsidy, "type">, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "DecideCertificationSubsidy" },
      sent,
      commandContext(requestId, call),
      (version) => ({ subsidyId: sent.subsidyId, streamVersion: version }),
    );
  }

  correctSubsidy(sent: Sent<CorrectCertificationSubsidy>, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "CorrectCertificationSubsidy", certifications: this.certifications },
      sent,
      commandContext(requestId, call),
      (version) => ({ subsidyId: sent.subsidyId, streamVersion: version }),
    );
  }

  voidSubsidy(sent: Omit<VoidCertificationSubsidy, "type">, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "VoidCertificationSubsidy" },
      sent,
      commandContext(requestId, call),
      (version) => ({ subsidyId: sent.subsidyId, streamVersion: version }),
    );
  }

  private async courseOn(courseId: string, date: string): Promise<Course | undefined> {
    const catalogues = await this.catalogues.versions();
    // A malformed date is refused by the decider naming its field; look the course up in today's version.
    const on = isIsoDate(date) ? date : todayInJapan();
    return findCourse(catalogueInForce(catalogues, on), courseId);
  }

  private async run<Reply>(
    command: TrainingRecordCommand,
    request: unknown,
    context: CommandContext,
    reply: (
      streamVersion: number,
      events: readonly TrainingRecordEvent[],
      state: TrainingRecordState,
    ) => Reply,
  ): Promise<Reply> {
    const outcome = await handleCommand({
      store: this.store,
      decider: trainingRecordDecider,
      streamId: recordStream(command.employeeId),
      commandName: command.type,
      command,
      request,
      context,
      reply: ({ version, events, state }) => reply(version, events, state),
      onAppended: this.notifyOutbox,
    });
    return outcome.reply;
  }
}
