import { randomUUID } from "node:crypto";
import {
  type CallContext,
  ConflictError,
  commandContext,
  type EventStore,
  handleCommand,
  todayInJapan,
} from "@hr/kit";
import type { Db } from "mongodb";
import { trainingEventCodec } from "../api/events.codec";
import {
  type ApplyOverseasTraining,
  type CorrectOverseasTrainingStep,
  DEFAULT_REPORT_DUE_MONTHS,
  type OverseasTrainingApplication,
  type OverseasTrainingCommand,
  type OverseasTrainingEvent,
  type OverseasTrainingWithHistory,
  overseasTrainingDecider,
  overseasTrainingWithHistory,
  type SelectTraineeCandidate,
  type VoidOverseasTrainingStep,
} from "../domain";
import { ClaimChain } from "./claim-chain";
import type { JobTypeReadModel } from "./job-types.projection";
import type { OverseasProgrammeView } from "./overseas-applications.view";
import { ProgrammeApplicants } from "./programme-applicants";

export const applicationStream = (applicationId: string) => `overseas-training-${applicationId}`;

type Filled = "programmeYear" | "placesTakenByOthers" | "jobTypeHistories" | "reportDueMonths" | "today";

/** A command as the handlers build it: `run` dates it today in Japan. */
type Undated<C = OverseasTrainingCommand> = C extends unknown ? Omit<C, "today"> : never;

export interface StepReply {
  applicationId: string;
  step: OverseasTrainingApplication["step"];
  streamVersion: number;
}

/**
 * Command handlers of the overseas dispatch training programme: fill in the programme year's settings,
 * the applicants' job type histories (from the read model of hr.skills.v1) and the places the year's other
 * applications hold, then load, decide and append; afterwards the application's view is written.
 */
export class OverseasTrainingHandlers {
  /** Selections of a programme year take turns (`programme_selections`, one chain per year). */
  private readonly selections: ClaimChain;
  /** One application per employee and year (`programme_applicants`). */
  private readonly applicants: ProgrammeApplicants;

  constructor(
    private readonly store: EventStore,
    private readonly view: OverseasProgrammeView,
    private readonly jobTypes: JobTypeReadModel,
    private readonly notifyOutbox: () => void,
    db: Db,
  ) {
    this.selections = new ClaimChain(db, "programme_selections");
    this.applicants = new ProgrammeApplicants(db, (id) => this.application(id));
  }

  async apply(
    sent: Omit<ApplyOverseasTraining, "type" | "applicationId" | Filled>,
    requestId: string,
    call: CallContext,
  ) {
    const applicationId = `ota-${randomUUID()}`;
    const applicants = [sent.employeeId, ...sent.groupMemberIds];
    const histories = await Promise.all(applicants.map((id) => this.jobTypes.historyOf(id)));
    const command: Undated<ApplyOverseasTraining> = {
      ...sent,
      type: "ApplyOverseasTraining",
      applicationId,
      programmeYear: await this.view.programmeYear(sent.fiscalYear),
      jobTypeHistories: Object.fromEntries(applicants.map((id, i) => [id, histories[i] ?? []])),
    };
    // The filer's year: the other members' when each confirms.
    const claimant = {
      fiscalYear: sent.fiscalYear,
      employeeIds: [sent.employeeId],
      requestId,
      applicationId,
    };
    return this.applicants.holding(claimant, () => this.run(command, sent, requestId, call));
  }

  /** A member invited to a group confirms, holding their year (one application per employee and year). */
  async confirmMembership(
    sent: { applicationId: string; employeeId: string; confirmedOn: string },
    requestId: string,
    call: CallContext,
  ) {
    const confirm = () => this.run({ ...sent, type: "ConfirmGroupMembership" }, sent, requestId, call);
    const application = await this.application(sent.applicationId);
    if (!application) return confirm();
    const claimant = {
      fiscalYear: application.fiscalYear,
      employeeIds: [sent.employeeId],
      requestId,
      applicationId: sent.applicationId,
    };
    return this.applicants.holding(claimant, confirm);
  }

  /**
   * The capacity is a count over the year's applications, each its own stream: two selections at once
   * could both see a place left. So a selection that can take places waits its turn in the year's chain
   * of claims, and reads the places taken once the selection before it has written its view.
   */
  async select(sent: Omit<SelectTraineeCandidate, "type" | Filled>, requestId: string, call: CallContext) {
    const application = await this.application(sent.applicationId);
    const fiscalYear = application?.fiscalYear ?? 0;
    const select = async () => {
      const command: Undated<SelectTraineeCandidate> = {
        ...sent,
        type: "SelectTraineeCandidate",
        programmeYear: await this.view.programmeYear(fiscalYear),
        placesTakenByOthers: await this.view.placesTaken(fiscalYear, sent.applicationId),
      };
      const reply = await this.run(command, sent, requestId, call);
      const year = command.programmeYear;
      return { ...reply, placesLeft: year ? year.capacity - (await this.view.placesTaken(fiscalYear)) : 0 };
    };
    // Anything but a screened application is refused (or a repeat replayed) without taking places.
    if (application?.step !== "OVERSEAS_TRAINING_STEP_SCREENED") return select();
    return this.inTurn(fiscalYear, sent.applicationId, select);
  }

  private async inTurn<T>(fiscalYear: number, applicationId: string, select: () => Promise<T>): Promise<T> {
    const key = `FY${fiscalYear}`;
    for (;;) {
      const { last, n } = await this.selections.last(key);
      if (last && last.holder !== applicationId && this.selections.running(last)) {
        throw new ConflictError(`another selection of FY${fiscalYear} is being recorded; retry`);
      }
      const claimId = await this.selections.claim(key, n, applicationId);
      if (claimId) return this.selections.holding(claimId, select);
      // Another selection claimed that turn first: look again.
    }
  }

  async recordReturn(
    sent: { applicationId: string; returnedOn: string },
    requestId: string,
    call: CallContext,
  ) {
    const application = await this.application(sent.applicationId);
    const year = application ? await this.view.programmeYear(application.fiscalYear) : undefined;
    const reportDueMonths = year?.reportDueMonths ?? DEFAULT_REPORT_DUE_MONTHS;
    const reply = await this.run({ ...sent, type: "RecordReturn", reportDueMonths }, sent, requestId, call);
    const after = await this.application(sent.applicationId);
    return { ...reply, reportDueOn: after?.reportDueOn ?? "" };
  }

  /** A step's date corrected: checked with the year's settings and, for the application date, eligibility. */
  async correct(
    sent: Omit<CorrectOverseasTrainingStep, "type" | Filled>,
    requestId: string,
    call: CallContext,
  ) {
    const application = await this.application(sent.applicationId);
    const year = application ? await this.view.programmeYear(application.fiscalYear) : undefined;
    const applicants =
      sent.step === "OVERSEAS_TRAINING_STEP_APPLIED" ? (application?.applicantEmployeeIds ?? []) : [];
    const histories = await Promise.all(applicants.map((id) => this.jobTypes.historyOf(id)));
    const command: Undated<CorrectOverseasTrainingStep> = {
      ...sent,
      type: "CorrectOverseasTrainingStep",
      reportDueMonths: year?.reportDueMonths ?? DEFAULT_REPORT_DUE_MONTHS,
      programmeYear: year,
      jobTypeHistories: Object.fromEntries(applicants.map((id, i) => [id, histories[i] ?? []])),
    };
    const reply = await this.run(command, sent, requestId, call);
    const after = await this.application(sent.applicationId);
    return { ...reply, reportDueOn: after?.reportDueOn ?? "" };
  }

  /**
   * The latest step (or a member's entry, an appointment) voided. A voided withdrawal gives the applicants
   * (or the member) their year back, so it claims it again (one application per employee and year: another
   * application since is ALREADY_APPLIED_IN_YEAR).
   */
  async void(sent: Omit<VoidOverseasTrainingStep, "type" | Filled>, requestId: string, call: CallContext) {
    const voidStep = (filled: Partial<VoidOverseasTrainingStep> = {}) =>
      this.run({ ...sent, ...filled, type: "VoidOverseasTrainingStep" }, sent, requestId, call);
    const application = await this.application(sent.applicationId);
    if (sent.step !== "OVERSEAS_TRAINING_STEP_WITHDRAWN" || !application) return voidStep();
    const fiscalYear = application.fiscalYear;
    const member = sent.memberEmployeeId;
    const claimant = {
      fiscalYear,
      employeeIds: member === undefined ? application.applicantEmployeeIds : [member],
      requestId,
      applicationId: sent.applicationId,
    };
    if (member === undefined || application.placesHeld === 0) {
      return this.applicants.holding(claimant, () => voidStep());
    }
    // A member back in an application that holds places takes one again: in the year's turn of selections.
    const withPlace = async () =>
      voidStep({
        programmeYear: await this.view.programmeYear(fiscalYear),
        placesTakenByOthers: await this.view.placesTaken(fiscalYear, sent.applicationId),
      });
    return this.applicants.holding(claimant, () => this.inTurn(fiscalYear, sent.applicationId, withPlace));
  }

  /** Any other step: nothing to fill in. */
  step(
    type: Exclude<
      OverseasTrainingCommand,
      ApplyOverseasTraining | SelectTraineeCandidate | CorrectOverseasTrainingStep | VoidOverseasTrainingStep
    >["type"],
    /** The request as validated against the step's schema: the command's fields. */
    sent: { applicationId: string },
    requestId: string,
    call: CallContext,
  ) {
    return this.run({ ...sent, type } as unknown as Undated, sent, requestId, call);
  }

  async application(applicationId: string): Promise<OverseasTrainingApplication | undefined> {
    return (await this.read(applicationId)).state;
  }

  /** The application with its steps' history, as the API shows it. */
  async read(
    applicationId: string,
    options: { cached?: boolean } = {},
  ): Promise<{ state: OverseasTrainingWithHistory | undefined; version: number }> {
    const { version, events } = await this.store.readStream<OverseasTrainingEvent>(
      applicationStream(applicationId),
      options,
    );
    const recorded = events.map((e) => ({
      eventId: e.eventId,
      eventType: trainingEventCodec.ceType(e.type),
      decision: e.metadata.requestId,
      event: { type: e.type, data: e.data } as OverseasTrainingEvent,
    }));
    return { state: overseasTrainingWithHistory(recorded), version };
  }

  private async run(
    undated: Undated,
    request: unknown,
    requestId: string,
    call: CallContext,
  ): Promise<StepReply> {
    const command = { ...undated, today: todayInJapan() } as OverseasTrainingCommand;
    const outcome = await handleCommand({
      store: this.store,
      decider: overseasTrainingDecider,
      streamId: applicationStream(command.applicationId),
      commandName: command.type,
      command,
      request,
      context: commandContext(requestId, call),
      reply: ({ state, version }) => ({
        applicationId: command.applicationId,
        step: state?.step ?? "OVERSEAS_TRAINING_STEP_APPLIED",
        streamVersion: version,
      }),
      onAppended: this.notifyOutbox,
    });
    if (outcome.state && !outcome.replayed) {
      // The stream as just appended (this process's memory of it, else read): the view shows its history.
      const { state, version } = await this.read(command.applicationId, { cached: true });
      if (state) await this.view.write(state, version);
    }
    return outcome.reply;
  }
}
