/**
 * Read model of each course's completions and surveys, kept from the service's own topic (hr.training.v1)
 * by a consumer: one document per course (`_id` = `course:<id>`) plus one per completion naming its course
 * (`completion:<id>`), so a correction that moves a completion to another course finds the old one.
 * Events of one employee arrive in order on one partition and a consumer handles one message at a time,
 * so each document has one writer; every write sets absolute values, so redelivery changes nothing.
 */
import {
  type BackgroundTask,
  fiscalYearOf,
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

interface CompletionEntry {
  employeeId: string;
  effectiveDate: string;
  voided: boolean;
}

interface SurveyEntry {
  effectiveDate: string;
  answers: SurveyAnswer[];
}

interface CourseDocument {
  _id: string;
  completions: Record<string, CompletionEntry>;
  /** By `<employee>|FY<year>` of the answers, then phase (SURVEY_PHASE_PRE / SURVEY_PHASE_POST). */
  surveys: Record<string, Record<string, SurveyEntry>>;
}

interface CompletionIndex {
  _id: string;
  courseId: string;
}

export class CourseReportReadModel {
  private readonly courses: Collection<CourseDocument>;
  private readonly index: Collection<CompletionIndex>;

  constructor(db: Db) {
    this.courses = db.collection<CourseDocument>("course_reports");
    this.index = db.collection<CompletionIndex>("course_reports");
  }

  async report(courseId: string, fiscalYear?: number) {
    const doc = await this.courses.findOne({ _id: `course:${courseId}` });
    const inYear = (date: string) => fiscalYear === undefined || fiscalYearOf(date) === fiscalYear;
    const counting = Object.values(doc?.completions ?? {}).filter(
      (c) => !c.voided && inYear(c.effectiveDate),
    );
    return {
      courseId,
      completions: counting.length,
      employeeIds: [...new Set(counting.map((c) => c.employeeId))].sort(),
      surveyEffect: surveyEffect(Object.values(doc?.surveys ?? {}), inYear),
    };
  }

  async project(received: ReceivedEvent): Promise<void> {
    const { type, data } = received.event;
    switch (type) {
      case "TrainingCompleted":
      case "CompletionCorrected": {
        const d = data as TrainingCompletedData | CompletionCorrectedData;
        const before = await this.courseOfCompletion(d.completionId);
        if (before !== undefined && before !== d.courseId)
          await this.removeCompletion(before, d.completionId);
        await this.index.replaceOne(
          { _id: `completion:${d.completionId}` },
          { courseId: d.courseId },
          { upsert: true },
        );
        return this.setCompletion(d.courseId, d.completionId, {
          employeeId: d.employeeId,
          effectiveDate: d.effectiveDate,
          voided: false,
        });
      }
      case "CompletionVoided": {
        const d = data as CompletionVoidedData;
        const courseId = await this.courseOfCompletion(d.completionId);
        if (courseId === undefined) return;
        return this.setCompletion(courseId, d.completionId, {
          employeeId: d.employeeId,
          effectiveDate: d.effectiveDate,
          voided: true,
        });
      }
      case "SurveyRecorded": {
        const d = data as SurveyRecordedData;
        const doc = await this.course(d.courseId);
        // Pairs per employee and fiscal year: a course retaken in a later year is measured again.
        const key = `${d.employeeId}|FY${fiscalYearOf(d.effectiveDate)}`;
        const mine = {
          ...(doc.surveys[key] ?? {}),
          [d.phase]: { effectiveDate: d.effectiveDate, answers: d.answers },
        };
        await this.save({ ...doc, surveys: { ...doc.surveys, [key]: mine } });
        return;
      }
      default:
        return;
    }
  }

  private async courseOfCompletion(completionId: string): Promise<string | undefined> {
    return (await this.index.findOne({ _id: `completion:${completionId}` }))?.courseId;
  }

  private async setCompletion(courseId: string, completionId: string, entry: CompletionEntry) {
    const doc = await this.course(courseId);
    await this.save({ ...doc, completions: { ...doc.completions, [completionId]: entry } });
  }

  private async removeCompletion(courseId: string, completionId: string) {
    const doc = await this.course(courseId);
    const { [completionId]: _, ...rest } = doc.completions;
    await this.save({ ...doc, completions: rest });
  }

  private async course(courseId: string): Promise<CourseDocument> {
    return (
      (await this.courses.findOne({ _id: `course:${courseId}` })) ?? {
        _id: `course:${courseId}`,
        completions: {},
        surveys: {},
      }
    );
  }

  private async save(doc: CourseDocument) {
    const { _id, ...rest } = doc;
    await this.courses.replaceOne({ _id }, rest, { upsert: true });
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
    groupId: `${options.groupPrefix}training.course-reports`,
    topics: [options.topic],
    codec: trainingEventCodec,
    handle: (event) => options.readModel.project(event),
    deadLetter: { topic: options.deadLetterTopic, producer: options.producer },
    logger: options.logger,
    fromBeginning: true,
  });
}
