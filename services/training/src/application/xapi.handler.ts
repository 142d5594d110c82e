import {
  type CallContext,
  type CommandContext,
  commandContext,
  insertOnce,
  todayInJapan,
  ValidationError,
} from "@hr/kit";
import type { Collection, Db } from "mongodb";
import { courseForActivity } from "../domain";
import type { CourseCatalogueStore } from "./course-catalogue.store";
import type { TrainingRecordHandlers } from "./training-record.handlers";
import { readStatement, type Statement } from "./xapi-statement";

interface RecordedStatement {
  /** The xAPI statement id. */
  _id: string;
  employeeId: string;
  completionId: string;
}

/**
 * Records xAPI statements through the same command path as the API: the statement id is the request id,
 * so a statement sent again changes nothing (and one reused with other content is refused as a conflict),
 * and the completion's id is derived from it. A statement id → completion lookup (by `_id`) lets a voiding
 * statement find what it voids.
 */
export class XapiStatements {
  private readonly recorded: Collection<RecordedStatement>;

  constructor(
    db: Db,
    private readonly records: TrainingRecordHandlers,
    private readonly catalogues: CourseCatalogueStore,
    private readonly accountHomePage: string,
  ) {
    this.recorded = db.collection<RecordedStatement>("xapi_statements");
  }

  async record(statement: Statement, statementId: string, call: CallContext): Promise<void> {
    const meaning = readStatement(statement, statementId, this.accountHomePage, todayInJapan());
    const context: CommandContext = commandContext(`xapi-${statementId}`, call);
    if (meaning.kind === "completion") {
      const course = courseForActivity(
        await this.catalogues.versions(),
        meaning.activityId,
        meaning.completedOn,
      );
      if (!course)
        throw ValidationError.field(
          "object.id",
          `names no course of the catalogue in force on ${meaning.completedOn}`,
        );
      const completionId = `xapi-${statementId}`;
      await this.records.recordCompletion(
        {
          employeeId: meaning.employeeId,
          courseId: course.courseId,
          completedOn: meaning.completedOn,
          ...(meaning.hours === undefined ? {} : { hours: meaning.hours }),
          ...(meaning.score === undefined ? {} : { score: meaning.score }),
        },
        context,
        { source: "COMPLETION_SOURCE_XAPI", completionId },
      );
      await insertOnce(this.recorded, { _id: statementId, employeeId: meaning.employeeId, completionId });
    } else if (meaning.kind === "voiding") {
      const target = await this.recorded.findOne({ _id: meaning.voidedStatementId });
      if (!target)
        throw ValidationError.field(
          "object.id",
          `names no statement recorded here (${meaning.voidedStatementId})`,
        );
      await this.records.voidCompletion(
        {
          employeeId: target.employeeId,
          completionId: target.completionId,
          reasonCode: "VOID_REASON_VOIDED_BY_SOURCE",
        },
        context,
      );
    }
  }
}
