import { TRAINING_LIMITS } from "@hr/proto";
import { describe, expect, it } from "vitest";
import certificationList from "../catalogue/certifications.json";
import {
  type Course,
  certificationCatalogue,
  type RecordCompletion,
  type TrainingRecordCommand,
  type TrainingRecordEvent,
  trainingRecordDecider,
} from "../src/domain";
import { givenFor } from "./given";

const given = givenFor(trainingRecordDecider);
const CERTIFICATIONS = certificationCatalogue(certificationList);
const E = "E1001";
const TODAY = "2024-06-14";
const DX: Course = {
  courseId: "dx-basics",
  title: "DX basics for administrators",
  provider: "COURSE_PROVIDER_IN_HOUSE",
  form: "TRAINING_FORM_HYBRID",
  nominalHours: 6,
  skillIds: ["business-transformation"],
  targetSegments: ["TARGET_SEGMENT_GENERAL_STAFF"],
  owner: "COURSE_OWNER_DIGITAL_DEPARTMENT",
  recommendedLists: [],
  xapiActivityIds: ["https://lms.example/courses/dx-basics"],
  oneNomineePerUnit: true,
};
const CLOUD: Course = {
  ...DX,
  courseId: "cloud-101",
  title: "Cloud 101",
  provider: "COURSE_PROVIDER_E_LEARNING_PLATFORM",
  form: "TRAINING_FORM_E_LEARNING",
  xapiActivityIds: [],
};

/** FY2024's catalogue, and FY2025's where cloud-101 has another title and provider. */
const CATALOGUES = [
  { fiscalYear: 2024, courses: [DX, CLOUD] },
  {
    fiscalYear: 2025,
    courses: [DX, { ...CLOUD, title: "Cloud 101 (2025)", provider: "COURSE_PROVIDER_EXTERNAL" as const }],
  },
];

function complete(overrides: Partial<RecordCompletion> = {}): RecordCompletion {
  return {
    type: "RecordCompletion",
    employeeId: E,
    completionId: "c1",
    courseId: "dx-basics",
    course: DX,
    completedOn: "2024-05-20",
    hours: 6,
    source: "COMPLETION_SOURCE_RECORDED",
    today: TODAY,
    ...overrides,
  };
}

function run(commands: TrainingRecordCommand[]): TrainingRecordEvent[] {
  const history: TrainingRecordEvent[] = [];
  for (const command of commands) history.push(...given(history).when(command).events());
  return history;
}

describe("completions", () => {
  it("records a completion with the catalogue's title, form and provider", () => {
    given([])
      .when(complete({ score: 88 }))
      .thenEvents([
        {
          type: "TrainingCompleted",
          data: {
            employeeId: E,
            effectiveDate: "2024-05-20",
            completionId: "c1",
            courseId: "dx-basics",
            courseTitle: "DX basics for administrators",
            form: "TRAINING_FORM_HYBRID",
            provider: "COURSE_PROVIDER_IN_HOUSE",
            source: "COMPLETION_SOURCE_RECORDED",
            hours: 6,
            score: 88,
          },
        },
      ]);
  });

  it("refuses a course outside the catalogue (a rule: the id is well-formed), a negative hour count and a future date", () => {
    given([])
      .when(complete({ course: undefined }))
      .thenRefused("COURSE_NOT_IN_CATALOGUE");
    given([])
      .when(complete({ hours: -1, score: 101 }))
      .thenInvalid("hours", "score");
    given([])
      .when(complete({ completedOn: "2024-06-15" }))
      .thenRefused("DATE_IN_FUTURE");
  });

  it("records a correction with full values and the date it moves from, so the fiscal year can move", () => {
    const history = run([complete({ completedOn: "2024-03-29" })]);
    const [event] = given(history)
      .when({
        type: "CorrectCompletion",
        employeeId: E,
        completionId: "c1",
        completedOn: "2024-04-02",
        reasonCode: "CORRECTION_REASON_WRONG_DATE",
        note: "The LMS exported the enrolment date",
        catalogues: CATALOGUES,
        today: TODAY,
      })
      .events();
    expect(event).toEqual({
      type: "CompletionCorrected",
      data: {
        employeeId: E,
        effectiveDate: "2024-04-02",
        completionId: "c1",
        courseId: "dx-basics",
        courseTitle: "DX basics for administrators",
        form: "TRAINING_FORM_HYBRID",
        provider: "COURSE_PROVIDER_IN_HOUSE",
        hours: 6,
        previousEffectiveDate: "2024-03-29",
        reasonCode: "CORRECTION_REASON_WRONG_DATE",
        note: "The LMS exported the enrolment date",
      },
    });
    expect(given([...history, event as TrainingRecordEvent]).state.completions.get("c1")).toMatchObject({
      effectiveDate: "2024-04-02",
    });
  });

  it("corrects the course to another catalogue course, and refuses a correction that changes nothing", () => {
    const history = run([complete()]);
    const [event] = given(history)
      .when({
        type: "CorrectCompletion",
        employeeId: E,
        completionId: "c1",
        courseId: "cloud-101",
        catalogues: CATALOGUES,
        reasonCode: "CORRECTION_REASON_WRONG_COURSE",
        today: TODAY,
      })
      .events();
    expect(event?.data).toMatchObject({
      courseId: "cloud-101",
      courseTitle: "Cloud 101",
      form: "TRAINING_FORM_E_LEARNING",
      provider: "COURSE_PROVIDER_E_LEARNING_PLATFORM",
    });
    given(history)
      .when({
        type: "CorrectCompletion",
        employeeId: E,
        completionId: "c1",
        hours: 6,
        reasonCode: "CORRECTION_REASON_OTHER",
        catalogues: CATALOGUES,
        today: TODAY,
      })
      .thenRefused("CORRECTION_CHANGES_NOTHING");
  });

  it("voids a completion with a reason code in the year of its date; a voided one cannot be voided or corrected", () => {
    const history = run([complete()]);
    const voiding: TrainingRecordCommand = {
      type: "VoidCompletion",
      employeeId: E,
      completionId: "c1",
      reasonCode: "VOID_REASON_WRONG_EMPLOYEE",
    };
    given(history)
      .when(voiding)
      .thenEvents([
        {
          type: "CompletionVoided",
          data: {
            employeeId: E,
            effectiveDate: "2024-05-20",
            completionId: "c1",
            reasonCode: "VOID_REASON_WRONG_EMPLOYEE",
          },
        },
      ]);
    const voided = [...history, ...given(history).when(voiding).events()];
    given(voided).when(voiding).thenRefused("COMPLETION_VOIDED");
    given(voided)
      .when({
        type: "CorrectCompletion",
        employeeId: E,
        completionId: "c1",
        hours: 3,
        reasonCode: "CORRECTION_REASON_OTHER",
        catalogues: CATALOGUES,
        today: TODAY,
      })
      .thenRefused("COMPLETION_VOIDED");
    given([]).when(voiding).thenNotFound();
  });

  it("links a completion to the employee's nomination for the same course only", () => {
    const nominated = run([
      {
        type: "NominateForCourse",
        employeeId: E,
        nominationId: "n1",
        courseId: "dx-basics",
        course: DX,
        fiscalYear: 2024,
        unitCode: "DSB-GA",
        nominatedOn: "2024-04-05",
      },
    ]);
    expect(
      given(nominated)
        .when(complete({ nominationId: "n1" }))
        .events()[0]?.data,
    ).toMatchObject({ nominationId: "n1" });
    given(nominated)
      .when(complete({ nominationId: "n1", courseId: "cloud-101", course: CLOUD }))
      .thenRefused("NOMINATION_FOR_OTHER_COURSE");
    given(nominated)
      .when(complete({ nominationId: "n9" }))
      .thenRefused("UNKNOWN_NOMINATION");
    given(nominated)
      .when({
        type: "NominateForCourse",
        employeeId: E,
        nominationId: "n2",
        courseId: "dx-basics",
        course: DX,
        fiscalYear: 2024,
        unitCode: "DSB-GA",
        nominatedOn: "2024-04-06",
      })
      .thenRefused("ALREADY_NOMINATED");
  });

  it("refuses a nomination dated outside the fiscal year it is for (records file it by its date)", () => {
    const nominate = (nominatedOn: string): TrainingRecordCommand => ({
      type: "NominateForCourse",
      employeeId: E,
      nominationId: "n1",
      courseId: "dx-basics",
      course: DX,
      fiscalYear: 2024,
      unitCode: "DSB-GA",
      nominatedOn,
    });
    given([]).when(nominate("2024-03-31")).thenRefused("NOMINATION_OUTSIDE_FISCAL_YEAR");
    given([]).when(nominate("2025-04-01")).thenRefused("NOMINATION_OUTSIDE_FISCAL_YEAR");
    expect(given([]).when(nominate("2024-04-01")).events()[0]?.type).toBe("TrainingNominated");
  });
});

describe("surveys", () => {
  const survey = (phase: "SURVEY_PHASE_PRE" | "SURVEY_PHASE_POST", score: number): TrainingRecordCommand => ({
    type: "RecordSurvey",
    employeeId: E,
    surveyId: `s-${phase}`,
    courseId: "dx-basics",
    course: DX,
    phase,
    answeredOn: "2024-05-01",
    answers: [{ itemId: "awareness-dx", kind: "SURVEY_ITEM_KIND_AWARENESS", score }],
    today: TODAY,
  });

  it("records one pre and one post survey per course, answers on a 1-5 scale", () => {
    const history = run([survey("SURVEY_PHASE_PRE", 2), survey("SURVEY_PHASE_POST", 4)]);
    expect(history.map((e) => e.type)).toEqual(["SurveyRecorded", "SurveyRecorded"]);
    given(history).when(survey("SURVEY_PHASE_POST", 5)).thenRefused("SURVEY_ALREADY_RECORDED");
    given([]).when(survey("SURVEY_PHASE_PRE", 6)).thenInvalid("answers[0].score");
  });

  it("refuses more answers than TRAINING_LIMITS (what hr-sync holds the published survey to)", () => {
    const one = survey("SURVEY_PHASE_PRE", 2) as Extract<TrainingRecordCommand, { type: "RecordSurvey" }>;
    const answers = Array.from({ length: TRAINING_LIMITS.surveyAnswers.maxItems + 1 }, (_, i) => ({
      ...one.answers[0]!,
      itemId: `item-${i}`,
    }));
    given([])
      .when({ ...one, answers })
      .thenInvalid("answers");
  });

  it("takes a course retaken in a later fiscal year to be measured again (per course and fiscal year)", () => {
    const history = run([survey("SURVEY_PHASE_PRE", 2), survey("SURVEY_PHASE_POST", 4)]);
    const nextYear = { ...survey("SURVEY_PHASE_PRE", 3), surveyId: "s-2025", answeredOn: "2025-05-01" };
    const [event] = given(history)
      .when({ ...nextYear, today: "2025-06-01" } as TrainingRecordCommand)
      .events();
    expect(event?.data).toMatchObject({ phase: "SURVEY_PHASE_PRE", effectiveDate: "2025-05-01" });
    given(history)
      .when({
        ...survey("SURVEY_PHASE_PRE", 3),
        answeredOn: "2025-03-31",
        today: "2025-06-01",
      } as TrainingRecordCommand)
      .thenRefused("SURVEY_ALREADY_RECORDED");
  });

  it("refuses a survey that answers one item twice (a rule: each answer alone is well-formed)", () => {
    const once = survey("SURVEY_PHASE_PRE", 2) as Extract<TrainingRecordCommand, { type: "RecordSurvey" }>;
    given([])
      .when({ ...once, answers: [...once.answers, { ...once.answers[0]!, score: 3 }] })
      .thenRefused("SURVEY_ITEM_TWICE");
  });
});

describe("one completion per employee, course and attempt (issue 18 item 8)", () => {
  it("records nothing for a second completion of the same course and attempt (xAPI completed, then passed)", () => {
    const completed = complete({ attemptId: "reg-1", source: "COMPLETION_SOURCE_XAPI" });
    const history = run([completed]);
    given(history)
      .when({ ...completed, completionId: "c2" })
      .thenEvents([]);
    const [another] = given(history)
      .when({ ...completed, completionId: "c3", attemptId: "reg-2" })
      .events();
    expect(another?.data).toMatchObject({ completionId: "c3", attemptId: "reg-2" });
  });
});

describe("a corrected course (issue 18 item 8)", () => {
  it("takes the new course's provider from the catalogue in force on the completion date, not today's", () => {
    const history = run([complete()]);
    const correct = (changes: Record<string, unknown>) =>
      ({
        type: "CorrectCompletion",
        employeeId: E,
        completionId: "c1",
        courseId: "cloud-101",
        catalogues: CATALOGUES,
        reasonCode: "CORRECTION_REASON_WRONG_COURSE",
        today: "2025-06-01",
        ...changes,
      }) as TrainingRecordCommand;
    const [fy2024] = given(history).when(correct({})).events();
    expect(fy2024?.data).toMatchObject({
      courseTitle: "Cloud 101",
      provider: "COURSE_PROVIDER_E_LEARNING_PLATFORM",
    });
    const [fy2025] = given(history)
      .when(correct({ completedOn: "2025-04-10" }))
      .events();
    expect(fy2025?.data).toMatchObject({
      courseTitle: "Cloud 101 (2025)",
      provider: "COURSE_PROVIDER_EXTERNAL",
    });
    // The corrected record reads with the new provider.
    const state = [...history, fy2025!].reduce(
      trainingRecordDecider.evolve,
      trainingRecordDecider.initialState(),
    );
    expect(state.completions.get("c1")?.provider).toBe("COURSE_PROVIDER_EXTERNAL");
  });
});

describe("certifications and subsidies", () => {
  const request: TrainingRecordCommand = {
    type: "RequestCertificationSubsidy",
    employeeId: E,
    subsidyId: "sub1",
    certificationCode: "IPA-SC",
    examOn: "2024-04-21",
    kind: "SUBSIDY_KIND_EXAM_FEE",
    requestedAmountYen: 7500,
    requestedOn: "2024-03-01",
    certifications: CERTIFICATIONS,
  };
  const approve = (amount: number): TrainingRecordCommand => ({
    type: "DecideCertificationSubsidy",
    employeeId: E,
    subsidyId: "sub1",
    approved: true,
    approvedAmountYen: amount,
    decidedOn: "2024-03-10",
  });
  const acquire: TrainingRecordCommand = {
    type: "RecordCertification",
    employeeId: E,
    certificationId: "cert1",
    certificationCode: "IPA-SC",
    acquiredOn: "2024-06-01",
    examFeeSubsidised: false,
    proofReference: "SC-2024-000123",
    certifications: CERTIFICATIONS,
    today: TODAY,
  };

  it("allows at most one subsidy per certification and exam date", () => {
    given(run([request]))
      .when({ ...request, subsidyId: "sub2" } as TrainingRecordCommand)
      .thenRefused("SUBSIDY_ALREADY_REQUESTED");
  });

  it("approves at most the amount asked for, once; a refusal names its reason", () => {
    given(run([request]))
      .when(approve(8000))
      .thenRefused("APPROVAL_OVER_REQUEST");
    given(run([request, approve(7500)]))
      .when(approve(7500))
      .thenRefused("SUBSIDY_ALREADY_DECIDED");
    given(run([request]))
      .when({
        type: "DecideCertificationSubsidy",
        employeeId: E,
        subsidyId: "sub1",
        approved: false,
        decidedOn: "2024-03-10",
      })
      .thenInvalid("refusalReason");
  });

  it("marks a certification as subsidised when its subsidy was approved, with the catalogue's name", () => {
    const [event] = given(run([request, approve(7500)]))
      .when(acquire)
      .events();
    expect(event?.data).toMatchObject({
      certificationCode: "IPA-SC",
      certificationName: "Registered Information Security Specialist",
      examFeeSubsidised: true,
    });
  });

  it("voids a certification with a reason code; a code outside the certification catalogue is refused", () => {
    const history = run([acquire]);
    const [voided] = given(history)
      .when({
        type: "VoidCertification",
        employeeId: E,
        certificationId: "cert1",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      })
      .events();
    expect(voided).toEqual({
      type: "CertificationVoided",
      data: {
        employeeId: E,
        effectiveDate: "2024-06-01",
        certificationId: "cert1",
        certificationCode: "IPA-SC",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      },
    });
    given([])
      .when({ ...acquire, certificationCode: "NOPE" } as TrainingRecordCommand)
      .thenRefused("CERTIFICATION_NOT_IN_CATALOGUE");
    given([])
      .when({ ...request, certificationCode: "NOPE" } as TrainingRecordCommand)
      .thenRefused("CERTIFICATION_NOT_IN_CATALOGUE");
    // Another certification is recorded under the name given for it.
    const [other] = given([])
      .when({ ...acquire, certificationCode: "LPIC-1", certificationName: "LPIC-1" } as TrainingRecordCommand)
      .events();
    expect(other?.data).toMatchObject({ certificationCode: "LPIC-1", certificationName: "LPIC-1" });
  });
});

describe("certification subsidies linked to their exam (issue 18 item 6)", () => {
  const request = (subsidyId: string, examOn: string, requestedOn: string): TrainingRecordCommand => ({
    type: "RequestCertificationSubsidy",
    employeeId: E,
    subsidyId,
    certificationCode: "IPA-SC",
    examOn,
    kind: "SUBSIDY_KIND_EXAM_FEE",
    requestedAmountYen: 7500,
    requestedOn,
    certifications: CERTIFICATIONS,
  });
  const approve = (subsidyId: string, decidedOn: string): TrainingRecordCommand => ({
    type: "DecideCertificationSubsidy",
    employeeId: E,
    subsidyId,
    approved: true,
    approvedAmountYen: 7500,
    decidedOn,
  });
  const acquire = (certificationId: string, acquiredOn: string, examOn?: string): TrainingRecordCommand => ({
    type: "RecordCertification",
    employeeId: E,
    certificationId,
    certificationCode: "IPA-SC",
    acquiredOn,
    ...(examOn ? { examOn } : {}),
    examFeeSubsidised: false,
    certifications: CERTIFICATIONS,
    today: TODAY,
  });
  const correct = (changes: Record<string, unknown>): TrainingRecordCommand =>
    ({
      type: "CorrectCertificationSubsidy",
      employeeId: E,
      subsidyId: "sub1",
      reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
      certifications: CERTIFICATIONS,
      ...changes,
    }) as TrainingRecordCommand;
  const changed = (examFeeSubsidised: boolean, subsidyId?: string) => ({
    type: "CertificationExamFeeSubsidisedChanged",
    data: {
      employeeId: E,
      effectiveDate: "2024-06-01",
      certificationId: "cert1",
      certificationCode: "IPA-SC",
      examFeeSubsidised,
      ...(subsidyId ? { subsidyId } : {}),
    },
  });

  it("flags a certification recorded before its subsidy was approved, when the approval comes", () => {
    const events = given(run([request("sub1", "2024-04-21", "2024-03-01"), acquire("cert1", "2024-06-01")]))
      .when(approve("sub1", "2024-06-20"))
      .events();
    expect(events.map((e) => e.type)).toEqual([
      "CertificationSubsidyDecided",
      "CertificationExamFeeSubsidisedChanged",
    ]);
    expect(events[1]).toEqual(changed(true, "sub1"));
  });

  it("does not flag a 2024 certification by a 2022 approval for an earlier exam", () => {
    const history = run([
      request("sub2022", "2022-04-17", "2022-03-01"),
      approve("sub2022", "2022-03-10"),
      acquire("cert2022", "2022-06-01"),
    ]);
    for (const command of [acquire("cert1", "2024-06-01"), acquire("cert1", "2024-06-01", "2024-04-21")]) {
      const [event] = given(history).when(command).events();
      expect(event?.data).toMatchObject({ certificationId: "cert1", examFeeSubsidised: false });
    }
    // The 2022 certification keeps its flag: its exam's subsidy is the 2022 one.
    const [event] = given([]).when(acquire("x", "2022-06-01")).events();
    expect(event?.data).toMatchObject({ examFeeSubsidised: false });
  });

  it("links by the exam date a certification names, not by the latest exam before it", () => {
    const history = run([
      request("sub1", "2024-04-21", "2024-03-01"),
      approve("sub1", "2024-03-10"),
      request("sub2", "2024-05-19", "2024-05-01"),
    ]);
    const [named] = given(history)
      .when(acquire("cert1", "2024-06-01", "2024-04-21"))
      .events();
    expect(named?.data).toMatchObject({ examOn: "2024-04-21", examFeeSubsidised: true });
    // Without an exam date, its exam is the latest of the code before it: the May one, not approved.
    const [latest] = given(history).when(acquire("cert1", "2024-06-01")).events();
    expect(latest?.data).toMatchObject({ examFeeSubsidised: false });
    given([])
      .when(acquire("cert1", "2024-06-01", "2024-06-02"))
      .thenRefused("EXAM_AFTER_ACQUISITION");
  });

  it("corrects a subsidy: a refusal of an approval unflags its certification; the decision year moves", () => {
    const history = run([
      request("sub1", "2024-04-21", "2024-03-01"),
      approve("sub1", "2024-03-10"),
      acquire("cert1", "2024-06-01"),
    ]);
    const events = given(history)
      .when(correct({ approved: false, refusalReason: "SUBSIDY_REFUSAL_REASON_MISSING_PROOF" }))
      .events();
    expect(events).toEqual([
      {
        type: "CertificationSubsidyCorrected",
        data: {
          employeeId: E,
          effectiveDate: "2024-03-10",
          subsidyId: "sub1",
          certificationCode: "IPA-SC",
          examOn: "2024-04-21",
          kind: "SUBSIDY_KIND_EXAM_FEE",
          requestedAmountYen: 7500,
          requestedOn: "2024-03-01",
          decided: true,
          approved: false,
          approvedAmountYen: 0,
          refusalReason: "SUBSIDY_REFUSAL_REASON_MISSING_PROOF",
          decidedOn: "2024-03-10",
          previousEffectiveDate: "2024-03-10",
          reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
        },
      },
      changed(false, "sub1"),
    ]);
    const [moved] = given(history)
      .when(correct({ decidedOn: "2024-04-02" }))
      .events();
    expect(moved?.data).toMatchObject({ effectiveDate: "2024-04-02", previousEffectiveDate: "2024-03-10" });
  });

  it("checks a correction by the rules of the original", () => {
    const asked = [request("sub1", "2024-04-21", "2024-03-01")];
    const requested = run(asked);
    given(requested)
      .when(correct({ approved: true, approvedAmountYen: 7500 }))
      .thenRefused("SUBSIDY_NOT_DECIDED");
    given(requested)
      .when(correct({ examOn: "2024-04-21" }))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(requested)
      .when(correct({ certificationCode: "NOPE" }))
      .thenRefused("CERTIFICATION_NOT_IN_CATALOGUE");
    const decided = run([...asked, approve("sub1", "2024-03-10")]);
    given(decided)
      .when(correct({ approvedAmountYen: 9000 }))
      .thenRefused("APPROVAL_OVER_REQUEST");
    given(decided)
      .when(correct({ decidedOn: "2024-02-01" }))
      .thenRefused("DECISION_BEFORE_REQUEST");
    given(decided)
      .when(correct({ approved: false }))
      .thenInvalid("refusalReason");
    const two = run([...asked, approve("sub1", "2024-03-10"), request("sub2", "2024-10-20", "2024-09-01")]);
    given(two)
      .when(correct({ examOn: "2024-10-20" }))
      .thenRefused("SUBSIDY_ALREADY_REQUESTED");
  });

  it("voids a subsidy: its certification is unflagged, the exam may be requested again, nothing more", () => {
    const history = run([
      request("sub1", "2024-04-21", "2024-03-01"),
      approve("sub1", "2024-06-20"),
      acquire("cert1", "2024-06-01"),
    ]);
    const voiding: TrainingRecordCommand = {
      type: "VoidCertificationSubsidy",
      employeeId: E,
      subsidyId: "sub1",
      reasonCode: "VOID_REASON_DUPLICATE",
    };
    const events = given(history).when(voiding).events();
    expect(events).toEqual([
      {
        type: "CertificationSubsidyVoided",
        data: {
          employeeId: E,
          effectiveDate: "2024-06-20",
          subsidyId: "sub1",
          certificationCode: "IPA-SC",
          examOn: "2024-04-21",
          reasonCode: "VOID_REASON_DUPLICATE",
        },
      },
      changed(false),
    ]);
    const voided: TrainingRecordEvent[] = [...history, ...events];
    given(voided).when(voiding).thenRefused("SUBSIDY_VOIDED");
    given(voided).when(approve("sub1", "2024-06-21")).thenRefused("SUBSIDY_VOIDED");
    given(voided)
      .when(correct({ kind: "SUBSIDY_KIND_CERTIFICATION_SUPPORT" }))
      .thenRefused("SUBSIDY_VOIDED");
    const [again] = given(voided)
      .when(request("sub3", "2024-04-21", "2024-07-01"))
      .events();
    expect(again?.type).toBe("CertificationSubsidyRequested");
  });

  it("keeps a catalogued code's catalogued name; the list is configuration", () => {
    given([])
      .when({
        ...acquire("cert1", "2024-06-01"),
        certificationName: "Security specialist",
      } as TrainingRecordCommand)
      .thenRefused("CERTIFICATION_NAME_NOT_CATALOGUED");
    const [same] = given([])
      .when({
        ...acquire("cert1", "2024-06-01"),
        certificationName: "Registered Information Security Specialist",
      } as TrainingRecordCommand)
      .events();
    expect(same?.data).toMatchObject({ certificationName: "Registered Information Security Specialist" });
    const configured = certificationCatalogue({ certifications: [{ code: "LPIC-1", name: "LPIC Level 1" }] });
    const [lpic] = given([])
      .when({
        ...acquire("cert1", "2024-06-01"),
        certificationCode: "LPIC-1",
        certifications: configured,
      } as TrainingRecordCommand)
      .events();
    expect(lpic?.data).toMatchObject({ certificationCode: "LPIC-1", certificationName: "LPIC Level 1" });
    expect(() =>
      certificationCatalogue({
        certifications: [
          { code: "A", name: "One" },
          { code: "A", name: "Two" },
        ],
      }),
    ).toThrow(/certifications\[1\]\.code/);
  });
});
