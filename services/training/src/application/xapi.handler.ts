import {
  type CallContext,
  type CommandContext,
  commandContext,
  insertOnce,
  RuleViolation,
  todayInJapan,
} from "@hr/kit";
import type { Collection, Db } from "mongodb";
import { type CourseCatalogue, courseForActivity, TRAINING_RECORD_RULES } from "../domain";
import type { CourseCatalogueStore } from "./course-catalogue.store";
import type { TrainingRecordHandlers } from "./training-record.handlers";
import { readStatement, type Statement, XAPI_RULES } from "./xapi-statement";

interface RecordedStatement {
  /** The xAPI statement id. */
  _id: string;
  employeeId: string;
  completionId: string;
}

interface VoidingStatement {
  /** The id of the statement voided. */
  _id: string;
  /** The voiding statement's id: its request id, so voiding twice changes nothing. */
  voidingStatementId: string;
}

/** Employees of a batch recorded at once: enough to fill the store's group commits, few of its connections. */
const LANES = 16;

/**
 * Runs each lane's steps in order, `width` lanes at a time; settles every lane before it throws the first
 * failure, so nothing of the batch is still being written when the caller answers.
 */
async function inLanes(lanes: readonly (readonly (() => Promise<void>)[])[], width: number): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++]!;
      try {
        for (const step of lane) await step();
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, lanes.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

/**
 * Records xAPI statements through the same command path as the API: the statement id is the request id,
 * so a statement sent again changes nothing (and one reused with other content is refused as a conflict),
 * and the completion's id is derived from it. A statement id → completion lookup (by `_id`) lets a voiding
 * statement find what it voids. xAPI says a voiding statement is not refused because its target is
 * unknown (it may arrive later): the voiding is kept by the target's id, and whichever of the two comes
 * second applies it (each writes its own document before it reads the other's, so one of them sees both).
 */
export class XapiStatements {
  private readonly recorded: Collection<RecordedStatement>;
  private readonly voidings: Collection<VoidingStatement>;

  constructor(
    db: Db,
    private readonly records: TrainingRecordHandlers,
    private readonly catalogues: CourseCatalogueStore,
    private readonly accountHomePage: string,
  ) {
    this.recorded = db.collection<RecordedStatement>("xapi_statements");
    this.voidings = db.collection<VoidingStatement>("xapi_voidings");
  }

  /**
   * Records a batch: every statement is read and matched to its course first, so that a statement the
   * service refuses refuses the batch before any of it is recorded (xAPI: a batch is rejected whole).
   */
  async recordAll(batch: readonly { statement: Statement; id: string }[], call: CallContext): Promise<void> {
    const ids = batch.map((s) => s.id);
    const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (twice >= 0) {
      // A rule, not a shape: a schema cannot say "unique by id" of a list of objects.
      throw new RuleViolation(
        XAPI_RULES.statementIdTwice,
        `statements[${twice}].id ${ids[twice]} is the id of an earlier statement of the batch; the batch is refused whole`,
      );
    }
    // The catalogue read once for the batch (when a statement needs it), not once per statement.
    let versions: Promise<CourseCatalogue[]> | undefined;
    const catalogue = () => {
      versions ??= this.catalogues.versions();
      return versions;
    };
    const steps = await Promise.all(
      batch.map(({ statement, id }) => this.prepare(statement, id, catalogue, call)),
    );
    // One employee's statements one after the other, in the batch's order (one stream); the employees
    // side by side, LANES at a time, so the store's group commit writes their commits together instead
    // of one round trip after another. Voidings after every completion: a voiding finds its target
    // whichever came first, so this order gives what the batch's order gives.
    const lanes = new Map<string, (() => Promise<void>)[]>();
    for (const { employeeId, run } of steps) {
      if (employeeId !== undefined) lanes.set(employeeId, [...(lanes.get(employeeId) ?? []), run]);
    }
    await inLanes([...lanes.values()], LANES);
    for (const { employeeId, run } of steps) if (employeeId === undefined) await run();
  }

  private async prepare(
    statement: Statement,
    statementId: string,
    catalogue: () => Promise<CourseCatalogue[]>,
    call: CallContext,
  ): Promise<{ employeeId?: string; run: () => Promise<void> }> {
    const meaning = readStatement(statement, statementId, this.accountHomePage, todayInJapan());
    if (meaning.kind === "voiding") {
      return { run: () => this.void(meaning.voidedStatementId, statementId, call) };
    }
    if (meaning.kind === "ignored") return { run: async () => {} };
    const context: CommandContext = commandContext(`xapi-${statementId}`, call);
    const completionId = `xapi-${statementId}`;
    const recorded = (recordedAs = completionId) =>
      this.afterCompletion(statementId, meaning.employeeId, recordedAs, call);
    // A repeat is the statement as sent (PUT may leave its id to the parameter), whatever today is now
    // and whatever the catalogue says now: it records nothing and is not matched to a course again.
    const sent = { ...statement, id: statementId };
    const { employeeId } = meaning;
    if (await this.records.alreadyRecorded(context.requestId ?? "", "RecordCompletion", sent)) {
      return { employeeId, run: () => recorded() };
    }
    const course = courseForActivity(await catalogue(), meaning.activityId, meaning.completedOn);
    if (!course) {
      throw new RuleViolation(
        TRAINING_RECORD_RULES.courseNotInCatalogue,
        `activity ${meaning.activityId} names no course of the catalogue in force on ${meaning.completedOn}`,
      );
    }
    const run = async () => {
      // A second statement of the attempt (passed after completed) names the attempt's completion.
      const { completionId: recordedAs } = await this.records.recordCompletion(
        {
          employeeId: meaning.employeeId,
          courseId: course.courseId,
          completedOn: meaning.completedOn,
          ...(meaning.hours === undefined ? {} : { hours: meaning.hours }),
          ...(meaning.score === undefined ? {} : { score: meaning.score }),
        },
        context,
        {
          source: "COMPLETION_SOURCE_XAPI",
          completionId,
          request: sent,
          attemptId: meaning.attemptId,
          course,
        },
      );
      await recorded(recordedAs);
    };
    return { employeeId, run };
  }

  /** After a completion is recorded from a statement: its lookup, then a voiding that came first. */
  private async afterCompletion(
    statementId: string,
    employeeId: string,
    completionId: string,
    call: CallContext,
  ) {
    await insertOnce(this.recorded, { _id: statementId, employeeId, completionId });
    const voiding = await this.voidings.findOne({ _id: statementId });
    if (voiding) await this.applyVoiding(statementId, voiding.voidingStatementId, call);
  }

  private async void(voidedStatementId: string, voidingStatementId: string, call: CallContext) {
    await insertOnce(this.voidings, { _id: voidedStatementId, voidingStatementId });
    // The first voiding of a statement is the one that counts; a later one names it again.
    const first = await this.voidings.findOne({ _id: voidedStatementId });
    await this.applyVoiding(voidedStatementId, first?.voidingStatementId ?? voidingStatementId, call);
  }

  /**
   * Voids the completion recorded from a statement, once; nothing while the statement is unknown. A
   * completion voided already (through the API) is what the voiding asks for: accepted, every time.
   */
  private async applyVoiding(voidedStatementId: string, voidingStatementId: string, call: CallContext) {
    const target = await this.recorded.findOne({ _id: voidedStatementId });
    if (!target) return;
    await this.records
      .voidCompletion(
        {
          employeeId: target.employeeId,
          completionId: target.completionId,
          reasonCode: "VOID_REASON_VOIDED_BY_SOURCE",
        },
        commandContext(`xapi-${voidingStatementId}`, call),
      )
      .catch((error: unknown) => {
        if (!(error instanceof RuleViolation && error.reason === TRAINING_RECORD_RULES.completionVoided)) {
          throw error;
        }
      });
  }
}
