/**
 * The course catalogue: reference data with a version per fiscal year, like the skill map. A version is
 * in force from its fiscal year until a later year's version. Pure: loading and storing are the
 * application's.
 */
import { type FieldViolation, fiscalYearOf, RuleViolation, textViolation } from "@hr/kit";
import {
  COURSE_OWNERS,
  COURSE_PROVIDERS,
  type CourseOwner,
  type CourseProvider,
  TARGET_SEGMENTS,
  type TargetSegment,
  TRAINING_FORMS,
  type TrainingForm,
} from "./code-lists";

export interface Course {
  courseId: string;
  title: string;
  provider: CourseProvider;
  form: TrainingForm;
  nominalHours: number;
  /** Skill item ids of the skill map the course develops. */
  skillIds: string[];
  targetSegments: TargetSegment[];
  owner: CourseOwner;
  /** e.g. "recommended-courses", "follow-by-ear". */
  recommendedLists: string[];
  /** xAPI activity ids (IRIs) that name this course in statements from a learning platform. */
  xapiActivityIds: string[];
  /** At most one nominee per organisation unit and fiscal year (e.g. DX training). */
  oneNomineePerUnit: boolean;
}

export interface CourseCatalogue {
  fiscalYear: number;
  courses: Course[];
}

/** The version in force on a date: the latest loaded version whose fiscal year has begun. */
export function catalogueInForce(
  catalogues: readonly CourseCatalogue[],
  date: string,
): CourseCatalogue | undefined {
  return catalogueOfYear(catalogues, fiscalYearOf(date));
}

export function catalogueOfYear(
  catalogues: readonly CourseCatalogue[],
  fiscalYear: number,
): CourseCatalogue | undefined {
  return [...catalogues]
    .filter((c) => c.fiscalYear <= fiscalYear)
    .sort((a, b) => b.fiscalYear - a.fiscalYear)[0];
}

export function findCourse(catalogue: CourseCatalogue | undefined, courseId: string): Course | undefined {
  return catalogue?.courses.find((c) => c.courseId === courseId);
}

/** The course an xAPI activity id names, in the version in force on the date. */
export function courseForActivity(
  catalogues: readonly CourseCatalogue[],
  activityId: string,
  date: string,
): Course | undefined {
  return catalogueInForce(catalogues, date)?.courses.find((c) => c.xapiActivityIds.includes(activityId));
}

/** Every problem of a catalogue version, each naming its field (e.g. `courses[2].form`). */
export function catalogueViolations(input: CourseCatalogue): FieldViolation[] {
  const errors: FieldViolation[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!Number.isInteger(input.fiscalYear) || input.fiscalYear < 2000 || input.fiscalYear > 2100) {
    fail("fiscalYear", "must be a fiscal year from 2000 to 2100");
  }
  if (input.courses.length === 0) fail("courses", "must list at least one course");
  input.courses.forEach((course, i) => {
    const at = (field: string) => `courses[${i}].${field}`;
    const title = textViolation(course.title, { required: true });
    if (title) fail(at("title"), title);
    if (!COURSE_PROVIDERS.includes(course.provider)) fail(at("provider"), "is not a course provider");
    if (!TRAINING_FORMS.includes(course.form)) fail(at("form"), "is not a training form");
    if (!COURSE_OWNERS.includes(course.owner)) fail(at("owner"), "is not a course owner");
    if (!(course.nominalHours >= 0)) fail(at("nominalHours"), "must not be negative");
    course.targetSegments.forEach((s, j) => {
      if (!TARGET_SEGMENTS.includes(s)) fail(`${at("targetSegments")}[${j}]`, "is not a target segment");
    });
  });
  return errors;
}

/** Stable reason codes of RuleViolation for a catalogue version. */
export const CATALOGUE_RULES = {
  duplicateCourse: "DUPLICATE_COURSE",
  duplicateActivity: "DUPLICATE_XAPI_ACTIVITY",
} as const;

/**
 * The rules across a version's courses (a schema cannot say "unique by courseId"): each course once, and
 * each xAPI activity id naming one course, so that a statement finds exactly one.
 */
export function checkCatalogueRules(input: CourseCatalogue): void {
  const twice = (values: string[]) => values.find((v, i) => values.indexOf(v) !== i);
  const course = twice(input.courses.map((c) => c.courseId));
  if (course !== undefined) {
    throw new RuleViolation(CATALOGUE_RULES.duplicateCourse, `course ${course} is listed more than once`);
  }
  const activity = twice(input.courses.flatMap((c) => [...new Set(c.xapiActivityIds)]));
  if (activity !== undefined) {
    throw new RuleViolation(
      CATALOGUE_RULES.duplicateActivity,
      `xAPI activity ${activity} names more than one course`,
    );
  }
}
