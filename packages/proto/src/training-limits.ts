/**
 * The training contract's per-field maximums (`hr.training.v1`), in JSON Schema's keywords: what the
 * training API admits in a request (its request schemas spread them, its deciders check them) and so the
 * most its events carry; hr-sync holds every consumed training event to them (`TRAINING_EVENT_LIMITS`).
 * One definition, so the producer and the consumer cannot drift apart. Lengths count characters (code
 * points); list maximums are far beyond any real plan or catalogue, there to bound what a request costs.
 */
export interface FieldLimit {
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
}

export const TRAINING_LIMITS = {
  /** Course titles, certification names, hosts, cities, interviewers. */
  name: { maxLength: 200 },
  /** A training plan's theme and each learning goal. */
  planText: { maxLength: 2000 },
  /** Interviewers' feedback on a candidate. */
  feedback: { maxLength: 4000 },
  /** A note for the audit trail. */
  note: { maxLength: 1000 },
  /** An xAPI activity id (IRI). */
  activityId: { maxLength: 500 },
  /** Study hours of one completion. */
  hours: { minimum: 0, maximum: 1000 },
  /** A completion's score. */
  score: { minimum: 0, maximum: 100 },
  /** A survey answer, 1 (low) to 5 (high). */
  surveyScore: { minimum: 1, maximum: 5 },
  /** An amount of a certification subsidy, in yen. */
  yen: { minimum: 1, maximum: 10_000_000 },
  /** ISO 3166-1 alpha-2. */
  countryCode: { pattern: "^[A-Z]{2}$" },
  /** Which confirmed appointment of an application, 1 for the first. */
  appointmentNumber: { minimum: 1, maximum: 1000 },
  /** Candidate destinations of a plan. */
  destinations: { maxItems: 20 },
  /** Learning goals of a plan. */
  learningGoals: { maxItems: 20 },
  /** Interviewers of a screening. */
  interviewers: { maxItems: 20 },
  /** The other members of a group application. */
  groupMembers: { maxItems: 49 },
  /** Everyone a group application names: the applicant and the other members. */
  applicants: { maxItems: 50 },
  /** Where a report was published (each channel counts once). */
  channels: { maxItems: 10 },
  /** Answers of one survey. */
  surveyAnswers: { maxItems: 100 },
  /** Courses of one catalogue version. */
  courses: { maxItems: 2000 },
  /** Skill ids, segments, recommended lists or xAPI activity ids of one course. */
  courseTags: { maxItems: 100 },
  /** Skill ids a learning plan is asked for. */
  gapSkills: { maxItems: 200 },
  /** xAPI statements in one POST. */
  statements: { maxItems: 500 },
} as const satisfies Record<string, FieldLimit>;

const L = TRAINING_LIMITS;
const DESTINATION = { name: L.name, city: L.name, countryCode: L.countryCode };

/**
 * The limits of the fields `hr.training.v1` events carry, by path with list items as `[]`
 * (`answers[].score`) or, at any depth, by field name (`name` of every destination): a path wins.
 * Lists derived from appointments (planned and visited destinations) have no maximum of their own.
 */
export const TRAINING_EVENT_LIMITS: Readonly<Record<string, FieldLimit>> = {
  courseTitle: L.name,
  certificationName: L.name,
  hours: L.hours,
  score: L.score,
  answers: L.surveyAnswers,
  "answers[].score": L.surveyScore,
  requestedAmountYen: L.yen,
  approvedAmountYen: L.yen,
  candidateDestinations: L.destinations,
  applicantEmployeeIds: L.applicants,
  channels: L.channels,
  appointmentNumber: L.appointmentNumber,
  ...DESTINATION,
};
