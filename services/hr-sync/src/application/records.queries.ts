import { NotFoundError, todayInJapan } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { type Classification, departmentKpis, evaluationRecordsCsv, rotationRecordAsOf } from "../domain";
import type { ChangeLog, LoggedChange } from "./change-log";
import { currentEvaluation, emptyEvaluation, type Generations } from "./record-store";

export const DEFAULT_PAGE_SIZE = 100;

/** A rotation record built from a stored timeline, its missing or null fields at their defaults (see `currentEvaluation`). */
const currentRotation = (record: syncV1.RotationRecord) => syncV1.RotationRecord.fromPartial(record);

/** Page tokens are the last employee id of the page, opaque to callers. */
const encodeToken = (employeeId: string) => Buffer.from(employeeId, "utf8").toString("base64url");
const decodeToken = (token: string) => Buffer.from(token, "base64url").toString("utf8");

/** Reads of the records, always by `_id` on the generation queries currently use. */
export class RecordsQueries {
  constructor(
    private readonly generations: Generations,
    private readonly changes: ChangeLog,
    private readonly classification: Classification,
  ) {}

  async rotationRecord(employeeId: string, asOf?: string): Promise<syncV1.RotationRecord> {
    const timeline = await (await this.generations.active()).rotation(employeeId);
    if (!timeline) throw new NotFoundError(`no rotation record for employee ${employeeId}`);
    return currentRotation(rotationRecordAsOf(timeline, asOf || todayInJapan(), this.classification));
  }

  async evaluationRecord(employeeId: string, fiscalYear: number): Promise<syncV1.EvaluationRecord> {
    const record = await (await this.generations.active()).evaluation(employeeId, fiscalYear);
    return record ?? emptyEvaluation(employeeId, fiscalYear);
  }

  async listEvaluationRecords(fiscalYear: number, department: string, pageSize: number, pageToken: string) {
    const store = await this.generations.active();
    const members = await store.departmentMembers(fiscalYear, department);
    const after = pageToken ? decodeToken(pageToken) : "";
    const rest = members.filter((id) => id > after);
    const page = rest.slice(0, pageSize || DEFAULT_PAGE_SIZE);
    const records = await store.evaluations(page, fiscalYear);
    const last = page.at(-1);
    return { records, nextPageToken: rest.length > page.length && last ? encodeToken(last) : "" };
  }

  /** The departments with an evaluation record in the fiscal year: the pages' list to choose from. */
  async departments(fiscalYear: number): Promise<string[]> {
    return (await this.generations.active()).departmentsOf(fiscalYear);
  }

  async departmentKpis(fiscalYear: number, department: string) {
    const store = await this.generations.active();
    const kpis = async (fy: number) =>
      departmentKpis(
        department,
        fy,
        await store.evaluations(await store.departmentMembers(fy, department), fy),
      );
    return { current: await kpis(fiscalYear), previousYear: await kpis(fiscalYear - 1) };
  }

  async exportCsv(fiscalYear: number, department: string) {
    const store = await this.generations.active();
    const records = await store.evaluations(
      await store.departmentMembers(fiscalYear, department),
      fiscalYear,
    );
    return {
      fileName: `evaluation-records-FY${fiscalYear}.csv`,
      content: Buffer.from(evaluationRecordsCsv(records), "utf8"),
    };
  }

  /** Every change after `afterCursor` (rotation records as of the day of the change), then new ones. */
  async *watch(afterCursor: number, signal: AbortSignal): AsyncIterable<syncV1.WatchChangesResponse> {
    for await (const logged of this.changes.follow(afterCursor, signal)) yield this.toResponse(logged);
  }

  private toResponse({ cursor, changedAt, change }: LoggedChange): syncV1.WatchChangesResponse {
    return {
      cursor: String(cursor),
      changedAt,
      record:
        change.kind === "rotation"
          ? {
              $case: "rotationRecord",
              value: currentRotation(
                rotationRecordAsOf(change.record, todayInJapan(new Date(changedAt)), this.classification),
              ),
            }
          : { $case: "evaluationRecord", value: currentEvaluation(change.record) },
    };
  }
}
