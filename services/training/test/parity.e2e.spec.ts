import { trainingV1 } from "@hr/proto";
import { describeParity, type ParityOperation, type Twin, testNamespace, waitFor } from "@hr/testing";
import { beforeAll } from "vitest";
import { trainingRoutes } from "../src/api/operations";
import { COPENHAGEN, DTU, trainingWithSkills } from "./fixtures";

/**
 * Every RPC of hr.training.v1.TrainingService over gRPC (generated client, proto3 defaults for what is
 * unset) and over REST with the same request, compared. The commands build twin records (one employee per
 * API); the queries then read them. The real skills service runs beside it: eligibility for the overseas
 * programme comes from the job types it publishes on hr.skills.v1.
 */
const ns = testNamespace();
const { skills, training } = trainingWithSkills(ns);

const ROLES = ["hr-admin", "training-admin"];
/** The trainee and the applicant whose applications are withdrawn and rejected, on each side. */
const E = "PAR1";
const OTHER = "PAR2";
/** Applicants of their own: one application per employee and year. */
const REJECTED = "PAR3";
const ONE_DESTINATION = "PAR4";
const GROUPER = "PAR5";
const MEMBER = "PAR6";
const TWINS = [E, OTHER, REJECTED, ONE_DESTINATION, GROUPER, MEMBER].flatMap((id) => [`${id}G`, `${id}R`]);

beforeAll(async () => {
  const headers = {
    authorization: `Bearer ${await training.token(["hr-core"])}`,
    "content-type": "application/json",
  };
  for (const employeeId of TWINS) {
    const hired = await fetch(`${skills.service.httpUrl}/v1/employees/${employeeId}/job-type-changes`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        requestId: `hire-${employeeId}`,
        toJobType: "ICT",
        effectiveDate: "2022-04-01",
        basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
      }),
    });
    if (hired.status !== 200) throw new Error(`hiring ${employeeId}: ${hired.status}`);
  }
  // Eligibility follows hr.skills.v1: wait until training has learnt every twin's job type.
  for (const employeeId of TWINS) {
    await waitFor(
      async () => {
        const reply = await fetch(
          `${training.service.httpUrl}/v1/employees/${employeeId}/overseas-training-eligibility?on=2024-04-20`,
          { headers },
        );
        return ((await reply.json()) as { eligible?: boolean }).eligible || undefined;
      },
      { what: `${employeeId}'s job type learnt from hr.skills.v1`, timeoutMs: 90_000 },
    );
  }
}, 180_000);

type Answers = Record<string, Record<string, unknown>>;
const answerOf = (answers: Answers, name: string, field: string) => String(answers[name]?.[field]);
/**
 * Each side applies for a programme year of its own (both open in April 2024), so that the places left
 * after a selection are the same on both sides.
 */
const yearOf = (t: Twin) => (t.side === "grpc" ? 2024 : 2025);
/**
 * Queries that show the programme year ask both APIs the same question, about the gRPC side's records
 * (`E` twinned for gRPC is `${E}G`): the two sides' records differ in their programme year.
 */
let askedApplication = "";
const ASKED_EMPLOYEE = `${E}G`;

const plan = {
  learningGoals: ["How Copenhagen runs its digital services"],
  candidateDestinations: [COPENHAGEN, DTU],
};
const application = (t: Twin, employeeId: string, requestId: string) => ({
  requestId: t.id(requestId),
  employeeId: t.id(employeeId),
  appliedOn: "2024-04-20",
  fiscalYear: yearOf(t),
  ...plan,
  theme: "User-centred digital services",
  kind: "APPLICATION_KIND_INDIVIDUAL",
});
/** A confirmation of the group application (the case "a group inviting a colleague") by `employeeId`. */
const confirmation = (t: Twin, answers: Answers, employeeId: string) => ({
  requestId: t.id(`par-confirm-${employeeId}`),
  applicationId: answerOf(answers, "a group inviting a colleague", "applicationId"),
  employeeId: t.id(employeeId),
  confirmedOn: "2024-04-22",
});
/** A step of the trainee's application (the case "applied"). */
const step = (name: string, fields: Record<string, unknown>, of = "applied") => ({
  name,
  request: (t: Twin, answers: Answers) => ({
    requestId: t.id(`par-${name}`),
    applicationId: answerOf(answers, of, "applicationId"),
    ...fields,
  }),
});
/** A nomination in FY2024 for the twin's own section. */
const nomination = (name: string, requestId: string, courseId: string) => ({
  name,
  request: (t: Twin) => ({
    requestId: t.id(requestId),
    employeeId: t.id(E),
    courseId,
    fiscalYear: 2024,
    unitCode: `SECTION-${t.id(E)}`,
    nominatedOn: "2024-04-05",
  }),
});
const programmeYear = (fiscalYear: number) => ({
  name: `FY${fiscalYear}, open in April 2024`,
  request: () => ({
    requestId: `par-year-${fiscalYear}`,
    programmeYear: {
      fiscalYear,
      capacity: 6,
      applicationOpensOn: "2024-04-01",
      applicationClosesOn: "2024-05-31",
      reportDueMonths: 2,
    },
  }),
});

const operations: ParityOperation[] = [
  {
    method: "LoadCourseCatalogue",
    cases: [
      {
        // Reference data: both sides send the same request id, so the second answer is the first replayed.
        name: "a later year's version",
        request: () => ({
          requestId: "par-catalogue",
          catalogue: {
            fiscalYear: 2031,
            courses: [
              {
                courseId: "parity-course",
                title: "Parity",
                provider: "COURSE_PROVIDER_IN_HOUSE",
                form: "TRAINING_FORM_CLASSROOM",
                nominalHours: 2,
                skillIds: ["service-design"],
                targetSegments: ["TARGET_SEGMENT_GENERAL_STAFF"],
                owner: "COURSE_OWNER_HR",
                recommendedLists: [],
                xapiActivityIds: [],
                oneNomineePerUnit: false,
              },
            ],
          },
        }),
      },
    ],
  },
  {
    method: "GetCourseCatalogue",
    cases: [{ name: "FY2024, the default version", request: () => ({ fiscalYear: 2024 }) }],
  },
  {
    method: "NominateForCourse",
    cases: [
      nomination("DX training for a section", "par-nominate", "dx-basics"),
      nomination("a nomination to cancel", "par-nominate-2", "agile-pm"),
      nomination("a course the catalogue does not hold is a rule", "par-nominate-3", "no-such-course"),
    ],
  },
  {
    method: "CancelNomination",
    cases: [
      {
        name: "declined",
        request: (t, answers) => ({
          requestId: t.id("par-cancel"),
          employeeId: t.id(E),
          nominationId: answerOf(answers, "a nomination to cancel", "nominationId"),
          reasonCode: "NOMINATION_CANCEL_REASON_DECLINED",
          cancelledOn: "2024-04-06",
        }),
      },
    ],
  },
  {
    method: "RecordCompletion",
    cases: [
      {
        name: "the nominated course, form unset (the catalogue's)",
        request: (t, answers) => ({
          requestId: t.id("par-complete"),
          employeeId: t.id(E),
          completedOn: "2024-05-10",
          courseId: "dx-basics",
          hours: 6,
          nominationId: answerOf(answers, "DX training for a section", "nominationId"),
        }),
      },
      {
        name: "a completion to void",
        request: (t) => ({
          requestId: t.id("par-complete-2"),
          employeeId: t.id(E),
          completedOn: "2024-05-11",
          courseId: "udemy-genai",
          form: "TRAINING_FORM_E_LEARNING",
          score: 80,
        }),
      },
    ],
  },
  {
    method: "CorrectCompletion",
    cases: [
      {
        name: "hours only",
        request: (t, answers) => ({
          requestId: t.id("par-correct"),
          employeeId: t.id(E),
          completionId: answerOf(
            answers,
            "the nominated course, form unset (the catalogue's)",
            "completionId",
          ),
          hours: 5.5,
          reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        }),
      },
    ],
  },
  {
    method: "VoidCompletion",
    cases: [
      {
        name: "recorded for the wrong employee",
        request: (t, answers) => ({
          requestId: t.id("par-void"),
          employeeId: t.id(E),
          completionId: answerOf(answers, "a completion to void", "completionId"),
          reasonCode: "VOID_REASON_WRONG_EMPLOYEE",
        }),
      },
    ],
  },
  {
    method: "RecordSurvey",
    cases: [
      {
        name: "before the course",
        request: (t) => ({
          requestId: t.id("par-survey"),
          employeeId: t.id(E),
          courseId: "dx-basics",
          phase: "SURVEY_PHASE_PRE",
          answeredOn: "2024-04-10",
          answers: [{ itemId: "awareness-dx", kind: "SURVEY_ITEM_KIND_AWARENESS", score: 2 }],
        }),
      },
    ],
  },
  {
    method: "RecordCertification",
    cases: [
      {
        name: "from the catalogue, name unset",
        request: (t) => ({
          requestId: t.id("par-cert"),
          employeeId: t.id(E),
          certificationCode: "IPA-SC",
          acquiredOn: "2024-06-20",
          proofReference: "SC-0001",
        }),
      },
      {
        name: "a catalogued code under another name",
        request: (t) => ({
          requestId: t.id("par-cert-3"),
          employeeId: t.id(E),
          certificationCode: "IPA-SC",
          certificationName: "Security specialist",
          acquiredOn: "2024-06-22",
        }),
      },
      {
        name: "another certification, named",
        request: (t) => ({
          requestId: t.id("par-cert-2"),
          employeeId: t.id(E),
          certificationCode: "LPIC-1",
          certificationName: "LPIC Level 1",
          acquiredOn: "2024-06-21",
        }),
      },
    ],
  },
  {
    method: "VoidCertification",
    cases: [
      {
        name: "a data entry error",
        request: (t, answers) => ({
          requestId: t.id("par-cert-void"),
          employeeId: t.id(E),
          certificationId: answerOf(answers, "another certification, named", "certificationId"),
          reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
        }),
      },
    ],
  },
  {
    method: "RequestCertificationSubsidy",
    cases: [
      {
        name: "an exam fee",
        request: (t) => ({
          requestId: t.id("par-subsidy"),
          employeeId: t.id(E),
          certificationCode: "IPA-SC",
          examOn: "2024-04-21",
          kind: "SUBSIDY_KIND_EXAM_FEE",
          requestedAmountYen: 7500,
          requestedOn: "2024-03-01",
        }),
      },
    ],
  },
  {
    method: "DecideCertificationSubsidy",
    cases: [
      {
        name: "a refusal without its reason is bad input",
        request: (t, answers) => ({
          requestId: t.id("par-decide-0"),
          employeeId: t.id(E),
          subsidyId: answerOf(answers, "an exam fee", "subsidyId"),
          approved: false,
          decidedOn: "2024-03-10",
        }),
      },
      {
        name: "approved in full",
        request: (t, answers) => ({
          requestId: t.id("par-decide"),
          employeeId: t.id(E),
          subsidyId: answerOf(answers, "an exam fee", "subsidyId"),
          approved: true,
          approvedAmountYen: 7500,
          decidedOn: "2024-03-10",
        }),
      },
    ],
  },
  {
    method: "CorrectCertificationSubsidy",
    cases: [
      {
        name: "a decision date moved",
        request: (t, answers) => ({
          requestId: t.id("par-subsidy-correct"),
          employeeId: t.id(E),
          subsidyId: answerOf(answers, "an exam fee", "subsidyId"),
          decidedOn: "2024-04-02",
          reasonCode: "CORRECTION_REASON_WRONG_DATE",
          note: "Decided at the April meeting",
        }),
      },
      {
        name: "a correction that changes nothing",
        request: (t, answers) => ({
          requestId: t.id("par-subsidy-correct-0"),
          employeeId: t.id(E),
          subsidyId: answerOf(answers, "an exam fee", "subsidyId"),
          kind: "SUBSIDY_KIND_EXAM_FEE",
          reasonCode: "CORRECTION_REASON_OTHER",
        }),
      },
    ],
  },
  {
    method: "VoidCertificationSubsidy",
    cases: [
      {
        name: "a duplicate",
        request: (t, answers) => ({
          requestId: t.id("par-subsidy-void"),
          employeeId: t.id(E),
          subsidyId: answerOf(answers, "an exam fee", "subsidyId"),
          reasonCode: "VOID_REASON_DUPLICATE",
        }),
      },
    ],
  },
  { method: "ConfigureProgrammeYear", cases: [programmeYear(2024), programmeYear(2025)] },
  {
    method: "GetOverseasTrainingEligibility",
    cases: [
      { name: "in the third year as ICT staff", request: (t) => ({ employeeId: t.id(E), on: "2024-04-20" }) },
    ],
  },
  {
    method: "ApplyOverseasTraining",
    cases: [
      { name: "applied", request: (t) => application(t, E, "par-apply") },
      { name: "an application to withdraw", request: (t) => application(t, OTHER, "par-apply-2") },
      { name: "an application to reject", request: (t) => application(t, REJECTED, "par-apply-3") },
      {
        name: "an individual application naming members is bad input",
        request: (t) => ({ ...application(t, E, "par-apply-4"), groupMemberIds: [t.id(OTHER)] }),
      },
      {
        name: "one destination: recorded, with a warning",
        request: (t) => ({
          ...application(t, ONE_DESTINATION, "par-apply-5"),
          candidateDestinations: [COPENHAGEN],
        }),
      },
      {
        name: "a second application of the year is refused",
        request: (t) => application(t, E, "par-apply-6"),
      },
      {
        name: "a group inviting a colleague",
        request: (t) => ({
          ...application(t, GROUPER, "par-apply-7"),
          kind: "APPLICATION_KIND_GROUP",
          groupMemberIds: [t.id(MEMBER)],
        }),
      },
    ],
  },
  {
    method: "ConfirmGroupMembership",
    cases: [
      { name: "the invited member confirms", request: (t, answers) => confirmation(t, answers, MEMBER) },
      {
        name: "a colleague not invited is refused",
        request: (t, answers) => confirmation(t, answers, OTHER),
      },
    ],
  },
  {
    method: "RecordScreening",
    cases: [
      step("screened", {
        screenedOn: "2024-05-20",
        planScore: 80,
        englishScore: 70,
        passed: true,
        screenedBy: ["Digital HR Strategy Section", "GovTech Tokyo"],
      }),
      step(
        "passed left out is bad input",
        { screenedOn: "2024-05-20", screenedBy: ["Digital HR Strategy Section"] },
        "an application to reject",
      ),
    ],
  },
  {
    method: "SelectTraineeCandidate",
    cases: [step("selected", { selectedOn: "2024-06-10", feedback: "Add a host" })],
  },
  {
    method: "RefineTrainingPlan",
    cases: [step("refined", { refinedOn: "2024-07-01", ...plan })],
  },
  {
    method: "ConfirmAppointment",
    cases: [
      step("appointment", { confirmedOn: "2024-08-01", destination: COPENHAGEN, visitOn: "2024-10-07" }),
    ],
  },
  {
    method: "CertifyTrainee",
    cases: [
      step("planned dates out of order are a rule", {
        certifiedOn: "2024-08-20",
        plannedDepartureOn: "2024-10-05",
        plannedReturnOn: "2024-10-01",
      }),
      step("certified", {
        certifiedOn: "2024-08-20",
        plannedDepartureOn: "2024-10-05",
        plannedReturnOn: "2024-10-26",
        interpreterSupport: true,
      }),
    ],
  },
  { method: "RecordDeparture", cases: [step("departed", { departedOn: "2024-10-05" })] },
  { method: "RecordReturn", cases: [step("returned", { returnedOn: "2024-10-26" })] },
  {
    method: "CorrectOverseasTrainingStep",
    cases: [
      step("return date corrected (the report falls due from it)", {
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        correctedOn: "2024-10-28",
        reasonCode: "CORRECTION_REASON_WRONG_DATE",
      }),
      step("screening's scores corrected (the English score left out is 0)", {
        step: "OVERSEAS_TRAINING_STEP_SCREENED",
        correctedOn: "2024-05-20",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        screening: { planScore: 85, passed: true, screenedBy: ["GovTech Tokyo"] },
        note: "Scores swapped on entry",
      }),
      step("a corrected screening without passed is bad input", {
        step: "OVERSEAS_TRAINING_STEP_SCREENED",
        correctedOn: "2024-05-20",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        screening: { planScore: 85, screenedBy: ["GovTech Tokyo"] },
      }),
      step("the application's destinations corrected to one (a warning)", {
        step: "OVERSEAS_TRAINING_STEP_APPLIED",
        correctedOn: "2024-04-20",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        candidateDestinations: [COPENHAGEN],
      }),
      step("planned dates corrected, interpreter support off", {
        step: "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED",
        correctedOn: "2024-08-20",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        plannedReturnOn: "2024-10-27",
        interpreterSupport: false,
      }),
      step("an appointment's visit day corrected", {
        step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
        appointmentNumber: 1,
        correctedOn: "2024-08-01",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        visitOn: "2024-10-08",
      }),
      step("an appointment not named is bad input", {
        step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
        correctedOn: "2024-08-01",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      }),
      step("a value the step does not record is a rule naming it", {
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        correctedOn: "2024-10-28",
        reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        theme: "Another theme",
      }),
    ],
  },
  { method: "SubmitReport", cases: [step("report submitted", { submittedOn: "2024-12-20" })] },
  { method: "PresentReport", cases: [step("report presented", { presentedOn: "2025-01-30" })] },
  {
    method: "PublishReport",
    cases: [
      step("published", {
        publishedOn: "2025-02-10",
        channels: ["PUBLICATION_CHANNEL_BUREAU_WEBSITE", "PUBLICATION_CHANNEL_DIGITAL_ACADEMY_PORTAL"],
      }),
    ],
  },
  {
    method: "WithdrawOverseasTraining",
    cases: [
      step(
        "withdrawn for workload",
        { withdrawnOn: "2024-05-01", reasonCode: "WITHDRAWAL_REASON_WORKLOAD" },
        "an application to withdraw",
      ),
    ],
  },
  {
    method: "RejectOverseasTraining",
    cases: [
      step(
        "rejected, plan not final",
        { rejectedOn: "2024-05-02", reasonCode: "REJECTION_REASON_PLAN_NOT_FINAL" },
        "an application to reject",
      ),
    ],
  },
  {
    method: "VoidOverseasTrainingStep",
    cases: [
      step(
        "rejection voided, recorded in error",
        { step: "OVERSEAS_TRAINING_STEP_REJECTED", reasonCode: "VOID_REASON_DATA_ENTRY_ERROR" },
        "an application to reject",
      ),
      step("an appointment the certification stands on is a rule naming it", {
        step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
        appointmentNumber: 1,
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      }),
      step("a member's withdrawal not recorded is a rule", {
        step: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
        memberEmployeeId: "E9999",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      }),
    ],
  },
  {
    method: "GetOverseasTraining",
    cases: [
      {
        name: "the published one",
        request: (t, answers) => {
          if (t.side === "grpc") askedApplication = answerOf(answers, "applied", "applicationId");
          return { applicationId: askedApplication };
        },
      },
    ],
  },
  { method: "GetProgrammeYear", cases: [{ name: "FY2024", request: () => ({ fiscalYear: 2024 }) }] },
  {
    method: "ListOverdueReports",
    cases: [{ name: "none before the return", request: () => ({ asOf: "2024-10-27" }) }],
  },
  {
    method: "GetTrainingHistory",
    cases: [{ name: "FY2024", request: () => ({ employeeId: ASKED_EMPLOYEE, fiscalYear: 2024 }) }],
  },
  {
    method: "GetCourseReport",
    cases: [
      {
        name: "a course nobody completed",
        request: () => ({ courseId: "procurement-it", fiscalYear: 2024 }),
      },
    ],
  },
  {
    method: "GetLearningPlan",
    cases: [
      {
        name: "a gap the catalogue covers, the completed course apart",
        request: (t) => ({
          employeeId: t.id(E),
          gapSkillIds: ["digital-strategy", "cloud-infrastructure"],
          fiscalYear: 2024,
        }),
      },
    ],
  },
];

describeParity({
  target: () => training.service,
  definition: trainingV1.TrainingServiceService,
  messages: trainingV1,
  routes: trainingRoutes,
  token: (roles) => training.token(roles as never),
  roles: ROLES,
  operations,
});
