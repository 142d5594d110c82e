/**
 * Read model of each course's completions and surveys, kept from the service's own topic (hr.training.v1)
 * by a consumer. A course's facts come from every employee, so from several partitions and replicas at
 * once: a read-modify-write of one course document would lose counts, and FerretDB has no transaction or
 * compare-and-set but the insert of a unique `_id`. So each projected fact is inserted once as the next
 * entry of its course's chain (`course:<id>#<n>`; of concurrent writers one inserts a position, the others
 * take the next), and a course reads as the fold of its chain. A summary (`course:<id>`) holds the fold of a
 * prefix so that a read walks only the entries after it; any writer may rewrite it, and a stale one is only
 * a longer walk. `completion:<id>` names a completion's course, so a correction to another course finds
 * the old one (a completion's events come in order from its employee's partition: one writer).
 */
import {
  type BackgroundTask,
  fiscalYearOf,
  insertOnce,
  type Logger,
  ProjectionConsumer,
  type ReceivedEvent,
} from "@hr/kit";
import type { Kafka, Producer } from "kafkajs";
import type { Collection, Db } from "mongodb";
import { trainingEventCodec } from "../api/events.codec";
import type {
  CompletionCorrectedData,
  CompletionVoidedData,
  SurveyAnswer,
  SurveyRecordedData,
  TrainingCompletedData,
} from "../domain";

interface CompletionFact {
  completionId: string;
  employeeId: string;
  effectiveDate: string;
  /** False once voided or moved to another course. */
  counted: boolean;
  /** The event's position in its employee's stream: a fact folded late never undoes a later one. */
  sequence?: number;
}

interface SurveyFact {
  /** `<employee>|FY<year>` of the answers: a course retaken in a later year is measured again. */
  key: string;
  phase: string;
  effectiveDate: string;
  answers: SurveyAnswer[];
}

interface SurveyEntry {
  effectiveDate: string;
  answers: SurveyAnswer[];
}

interface Entry {
  _id: string;
  /** The event it came from: a redelivered event finds its entry and inserts no other. */
  eventId: string;
  completion?: CompletionFact;
  survey?: SurveyFact;
}

interface Fold {
  completions: Record<string, CompletionFact>;
  /** By survey key, then phase (SURVEY_PHASE_PRE / SURVEY_PHASE_POST). */
  surveys: Record<string, Record<string, SurveyEntry>>;
}

interface Summary extends Fold {
  _id: string;
  /** The fold of entries 1..through. */
  through: number;
}

interface CompletionIndex {
  _id: string;
  courseId: string;
}

/** Its own collection (and consumer group), built from the topic's whole history. */
export const COURSE_REPORT_COLLECTION = "course_report_facts";

export class CourseReportReadModel {
  private readonly summaries: Collection<Summary>;
  private readonly entries: Collection<Entry>;
  private readonly index: Collection<CompletionIndex>;

  constructor(db: Db) {
    this.summaries = db.collection<Summary>(COURSE_REPORT_COLLECTION);
    this.entries = db.collection<Entry>(COURSE_REPORT_COLLECTION);
    this.index = db.collection<CompletionIndex>(COURSE_REPORT_COLLECTION);
  }

  async report(courseId: string, fiscalYear?: number) {
    const { fold } = await this.read(courseId);
    const inYear = (date: string) => fiscalYear === undefined || fiscalYearOf(date) === fiscalYear;
    const counting = Object.values(fold.completions).filter((c) => c.counted && inYear(c.effectiveDate));
    return {
      courseId,
      completions: counting.length,
      employeeIds: [...new Set(counting.map((c) => c.employeeId))].sort(),
      surveyEffect: surveyEffect(Object.values(fold.surveys), inYear),
    };
  }

  async project(received: ReceivedEvent): Promise<void> {
    const { type, data } = received.event;
    const sequence = received.sequence === undefined ? undefined : Number(received.sequence);
    const completion = (
      d: Pick<CompletionVoidedData, "completionId" | "employeeId" | "effectiveDate">,
      counted: boolean,
    ): CompletionFact => ({
      completionId: d.completionId,
      employeeId: d.employeeId,
      effectiveDate: d.effectiveDate,
      counted,
      ...(sequence === undefined ? {} : { sequence }),
    });
    switch (type) {
      case "TrainingCompleted":
      case "CompletionCorrected": {
        const d = data as TrainingCompletedData | CompletionCorrectedData;
        const before = await this.courseOfCompletion(d.completionId);
        if (before !== undefined && before !== d.courseId)
          await this.append(before, received.id, { completion: completion(d, false) });
        await this.index.replaceOne(
          { _id: `completion:${d.completionId}` },
          { courseId: d.courseId },
          { upsert: true },
        );
        return this.append(d.courseId, received.id, { completion: completion(d, true) });
      }
      case "CompletionVoided": {
        const d = data as CompletionVoidedData;
        const courseId = await this.courseOfCompletion(d.completionId);
        if (courseId === undefined) return;
        return this.append(courseId, received.id, { completion: completion(d, false) });
      }
      case "SurveyRecorded": {
        const d = data as SurveyRecordedData;
        const key = `${d.employeeId}|FY${fiscalYearOf(d.effectiveDate)}`;
        const survey = { key, phase: d.phase, effectiveDate: d.effectiveDate, answers: d.answers };
        return this.append(d.courseId, received.id, { survey });
      }
      default:
        return;
    }
  }

  private async courseOfCompletion(completionId: string): Promise<string | undefined> {
    return (await this.index.findOne({ _id: `completion:${completionId}` }))?.courseId;
  }

  /** Inserts the fact as the chain's next entry (unless the event's entry is there), then moves the summary. */
  private async append(courseId: string, eventId: string, fact: Pick<Entry, "completion" | "survey">) {
    const { fold, through } = await this.read(courseId, eventId);
    if (through === undefined) return;
    let n = through + 1;
    for (;;) {
      if (await insertOnce(this.entries, { _id: `course:${courseId}#${n}`, eventId, ...fact })) break;
      const taken = await this.entries.findOne({ _id: `course:${courseId}#${n}` });
      if (taken?.eventId === eventId) return;
      if (taken) foldEntry(fold, taken);
      n++;
    }
    foldEntry(fold, { _id: "", eventId, ...fact });
    await this.summaries.replaceOne({ _id: `course:${courseId}` }, { through: n, ...fold }, { upsert: true });
  }

  /**
   * The course's summary and the entries after it, folded; `through` is the last entry read, or undefined
   * when an entry of `eventId` was met (the event is projected already).
   */
  private async read(courseId: string, eventId?: string): Promise<{ fold: Fold; through?: number }> {
    const summary = await this.summaries.findOne({ _id: `course:${courseId}` });
    const fold: Fold = { completions: summary?.completions ?? {}, surveys: summary?.surveys ?? {} };
    for (let n = (summary?.through ?? 0) + 1; ; n++) {
      const entry = await this.entries.findOne({ _id: `course:${courseId}#${n}` });
      if (!entry) return { fold, through: n - 1 };
      if (entry.eventId === eventId) return { fold };
      foldEntry(fold, entry);
    }
  }
}

/** Entries in chain order; of one completion's facts the one latest in its stream counts. */
function foldEntry(fold: Fold, entry: Entry) {
  const { completion, survey } = entry;
  if (completion) {
    const known = fold.completions[completion.completionId];
    const older =
      known?.sequence !== undefined &&
      completion.sequence !== undefined &&
      completion.sequence < known.sequence;
    if (!older) fold.completions[completion.completionId] = completion;
  }
  if (survey) {
    fold.surveys[survey.key] = {
      ...(fold.surveys[survey.key] ?? {}),
      [survey.phase]: { effectiveDate: survey.effectiveDate, answers: survey.answers },
    };
  }
}

/** Per item: mean answer before and after among staff who answered both, and the change. */
function surveyEffect(perEmployee: Record<string, SurveyEntry>[], inYear: (date: string) => boolean) {
  const items = new Map<string, { kind: string; pre: number[]; post: number[] }>();
  for (const phases of perEmployee) {
    const pre = phases.SURVEY_PHASE_PRE;
    const post = phases.SURVEY_PHASE_POST;
    if (!pre || !post || !inYear(post.effectiveDate)) continue;
    for (const answer of post.answers) {
      const before = pre.answers.find((a) => a.itemId === answer.itemId);
      if (!before) continue;
      const item = items.get(answer.itemId) ?? { kind: answer.kind, pre: [], post: [] };
      item.pre.push(before.score);
      item.post.push(answer.score);
      items.set(answer.itemId, item);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...items.entries()].map(([itemId, { kind, pre, post }]) => ({
    itemId,
    kind,
    preMean: mean(pre),
    postMean: mean(post),
    change: mean(post) - mean(pre),
    respondents: pre.length,
  }));
}

export function courseReportProjection(options: {
  kafka: Kafka;
  producer: Producer;
  topic: string;
  deadLetterTopic: string;
  groupPrefix: string;
  readModel: CourseReportReadModel;
  logger: Logger;
}): BackgroundTask {
  return new ProjectionConsumer({
    kafka: options.kafka,
    groupId: `${options.groupPrefix}training.course-reports-v2`,
    topics: [options.topic],
    codec: trainingEventCodec,
    handle: (event) => options.readModel.project(event),
    deadLetter: { topic: options.deadLetterTopic, producer: options.producer },
    logger: options.logger,
    fromBeginning: true,
  });
}
