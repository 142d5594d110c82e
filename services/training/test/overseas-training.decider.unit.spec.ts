import { TRAINING_LIMITS } from "@hr/proto";
import { describe, expect, it } from "vitest";
import {
  type ApplyOverseasTraining,
  type Destination,
  type OverseasTrainingCommand,
  type OverseasTrainingEvent,
  type OverseasTrainingStep,
  overseasTrainingDecider,
  overseasTrainingWithHistory,
  type ProgrammeYear,
  planWarnings,
  type RecordedOverseasTrainingEvent,
} from "../src/domain";
import { givenFor } from "./given";

const given = givenFor(overseasTrainingDecider);
const APP = "ota-1";
/** Today in Japan in these tests: every step below is dated before it. */
const TODAY = "2025-12-01";
const FY2024: ProgrammeYear = {
  fiscalYear: 2024,
  capacity: 6,
  applicationOpensOn: "2024-04-01",
  applicationClosesOn: "2024-05-31",
  reportDueMonths: 2,
};
const COPENHAGEN: Destination = {
  name: "City of Copenhagen",
  kind: "DESTINATION_KIND_GOVERNMENT_BODY",
  countryCode: "DK",
  city: "Copenhagen",
};
const DTU: Destination = {
  name: "Technical University of Denmark",
  kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
  countryCode: "DK",
  city: "Lyngby",
};
const ICT_SINCE_2023 = [{ jobType: "ICT", effectiveDate: "2023-04-01" }];

function apply(overrides: Partial<ApplyOverseasTraining> = {}): ApplyOverseasTraining {
  return {
    type: "ApplyOverseasTraining",
    applicationId: APP,
    today: TODAY,
    employeeId: "E1",
    kind: "APPLICATION_KIND_INDIVIDUAL",
    groupMemberIds: [],
    appliedOn: "2024-04-15",
    fiscalYear: 2024,
    theme: "Generative AI in public services",
    learningGoals: ["How Danish municipalities govern generative AI"],
    candidateDestinations: [COPENHAGEN, DTU],
    programmeYear: FY2024,
    jobTypeHistories: { E1: ICT_SINCE_2023, E2: ICT_SINCE_2023, E3: ICT_SINCE_2023 },
    ...overrides,
  };
}

/** Decides the commands in order, each against the state of the events before it. */
function run(commands: OverseasTrainingCommand[]): OverseasTrainingEvent[] {
  return continued([], commands);
}
/** The history with the commands' events after it, each decided against the state before it. */
function continued(
  before: OverseasTrainingEvent[],
  commands: OverseasTrainingCommand[],
): OverseasTrainingEvent[] {
  const history = [...before];
  for (const command of commands) history.push(...given(history).when(command).events());
  return history;
}

const confirm = (employeeId: string, confirmedOn = "2024-04-20"): OverseasTrainingCommand => ({
  type: "ConfirmGroupMembership",
  applicationId: APP,
  today: TODAY,
  employeeId,
  confirmedOn,
});
const screening = (passed = true): OverseasTrainingCommand => ({
  type: "RecordScreening",
  applicationId: APP,
  today: TODAY,
  screenedOn: "2024-06-10",
  planScore: 82,
  englishScore: 75,
  passed,
  screenedBy: ["Digital HR Strategy Section", "GovTech Tokyo"],
});
const selection = (placesTakenByOthers = 0): OverseasTrainingCommand => ({
  type: "SelectTraineeCandidate",
  applicationId: APP,
  today: TODAY,
  selectedOn: "2024-06-20",
  feedback: "Narrow the goals to procurement of AI services",
  programmeYear: FY2024,
  placesTakenByOthers,
});
const appointment: OverseasTrainingCommand = {
  type: "ConfirmAppointment",
  applicationId: APP,
  today: TODAY,
  confirmedOn: "2024-08-01",
  destination: COPENHAGEN,
  visitOn: "2024-10-07",
};
const certification: OverseasTrainingCommand = {
  type: "CertifyTrainee",
  applicationId: APP,
  today: TODAY,
  certifiedOn: "2024-08-20",
  plannedDepartureOn: "2024-10-05",
  plannedReturnOn: "2024-10-26",
  interpreterSupport: true,
};
const departure: OverseasTrainingCommand = {
  type: "RecordDeparture",
  applicationId: APP,
  today: TODAY,
  departedOn: "2024-10-05",
};
const returnOn = (returnedOn: string): OverseasTrainingCommand => ({
  type: "RecordReturn",
  applicationId: APP,
  today: TODAY,
  returnedOn,
  reportDueMonths: 2,
});

describe("ApplyOverseasTraining", () => {
  it("records the application of an eligible ICT staff member, with its plan", () => {
    const [event, ...rest] = given([]).when(apply()).events();
    expect(rest).toEqual([]);
    expect(event).toEqual({
      type: "OverseasTrainingApplied",
      data: expect.objectContaining({
        employeeId: "E1",
        effectiveDate: "2024-04-15",
        applicationId: APP,
        fiscalYear: 2024,
        kind: "APPLICATION_KIND_INDIVIDUAL",
        applicantEmployeeIds: ["E1"],
        candidateDestinations: [COPENHAGEN, DTU],
      }),
    });
  });

  it("refuses an applicant in the first fiscal year as ICT staff, on 31 March as much as in May", () => {
    const early = {
      ...FY2024,
      fiscalYear: 2023,
      applicationOpensOn: "2024-03-01",
      applicationClosesOn: "2024-03-31",
    };
    given([])
      .when(
        apply({
          fiscalYear: 2023,
          appliedOn: "2024-03-31",
          programmeYear: early,
          jobTypeHistories: { E1: ICT_SINCE_2023 },
        }),
      )
      .thenRefused("NOT_ELIGIBLE", /FIRST_FISCAL_YEAR_AS_ICT/);
    given([])
      .when(apply({ jobTypeHistories: { E1: [{ jobType: "ICT", effectiveDate: "2024-04-01" }] } }))
      .thenRefused("NOT_ELIGIBLE", /E1 is not eligible/);
  });

  it("refuses a group when one member is not eligible, naming that member", () => {
    given([])
      .when(
        apply({
          kind: "APPLICATION_KIND_GROUP",
          groupMemberIds: ["E2", "E9"],
          jobTypeHistories: {
            E1: ICT_SINCE_2023,
            E2: ICT_SINCE_2023,
            E9: [{ jobType: "ADMINISTRATIVE", effectiveDate: "2010-04-01" }],
          },
        }),
      )
      .thenRefused("NOT_ELIGIBLE", /E9 is not eligible on 2024-04-15: NOT_ICT_STAFF/);
  });

  it("publishes a group application about the filer only; each member once they confirm (issue 18 item 7)", () => {
    const events = given([])
      .when(apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2", "E3"] }))
      .events();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ employeeId: "E1", applicantEmployeeIds: ["E1"] });
    const invited = given(events).state;
    expect(invited).toMatchObject({ applicantEmployeeIds: ["E1"], pendingMemberIds: ["E2", "E3"] });
    const [joined] = given(events).when(confirm("E3")).events();
    expect(joined).toMatchObject({
      type: "OverseasTrainingApplied",
      data: { employeeId: "E3", effectiveDate: "2024-04-15", applicantEmployeeIds: ["E1", "E3"] },
    });
    const after = [...events, joined!];
    expect(given(after).state).toMatchObject({
      applicantEmployeeIds: ["E1", "E3"],
      pendingMemberIds: ["E2"],
    });
    given(after).when(confirm("E3")).thenRefused("APPLICATION_EXISTS");
    given(after).when(confirm("E9")).thenRefused("NOT_INVITED");
    given(after).when(confirm("E2", "2024-04-14")).thenRefused("DATE_BEFORE_PREVIOUS_STEP");
    given(after).when(confirm("E2", "2025-12-02")).thenRefused("DATE_IN_FUTURE");
    // The screening ends the invitations: E2 never took part, and no event about E2 was recorded.
    const screened = run([
      ...[apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2", "E3"] }), confirm("E3")],
      screening(),
    ]);
    expect(screened.map((e) => e.data.employeeId)).not.toContain("E2");
    expect(given(screened).state).toMatchObject({ applicantEmployeeIds: ["E1", "E3"], pendingMemberIds: [] });
    given(screened).when(confirm("E2")).thenRefused("STEP_OUT_OF_ORDER");
  });

  it("refuses no destination and a group without members, naming the fields", () => {
    given([])
      .when(apply({ candidateDestinations: [], kind: "APPLICATION_KIND_GROUP" }))
      .thenInvalid("candidateDestinations", "groupMemberIds");
  });

  it("refuses lists longer than TRAINING_LIMITS (what hr-sync holds the published events to)", () => {
    const over = (limit: { maxItems: number }) => limit.maxItems + 1;
    given([])
      .when(
        apply({
          kind: "APPLICATION_KIND_GROUP",
          candidateDestinations: Array(over(TRAINING_LIMITS.destinations)).fill(COPENHAGEN),
          learningGoals: Array(over(TRAINING_LIMITS.learningGoals)).fill("AI governance"),
          groupMemberIds: Array.from({ length: over(TRAINING_LIMITS.groupMembers) }, (_, i) => `M${i}`),
        }),
      )
      .thenInvalid("learningGoals", "candidateDestinations", "groupMemberIds");
  });

  it("records a plan with one destination (two or more are encouraged: a warning, not a refusal)", () => {
    const [event] = given([])
      .when(apply({ candidateDestinations: [COPENHAGEN] }))
      .events();
    expect(event?.data).toMatchObject({ candidateDestinations: [COPENHAGEN] });
    expect(planWarnings([COPENHAGEN])).toEqual(["PLAN_WARNING_ONE_DESTINATION"]);
    expect(planWarnings([COPENHAGEN, DTU])).toEqual([]);
  });

  it("refuses a group that lists the applicant among its other members (a rule across fields)", () => {
    given([])
      .when(apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2", "E1"] }))
      .thenRefused("APPLICANT_LISTED_AS_MEMBER");
  });

  it("refuses an application outside the year's window or for a year not configured", () => {
    given([])
      .when(apply({ appliedOn: "2024-06-01" }))
      .thenRefused("OUTSIDE_APPLICATION_WINDOW");
    given([])
      .when(apply({ programmeYear: undefined }))
      .thenRefused("PROGRAMME_YEAR_NOT_CONFIGURED");
  });
});

describe("steps in order", () => {
  it("refuses a step out of order, naming the step the application is at", () => {
    given(run([apply()]))
      .when(selection())
      .thenRefused(
        "STEP_OUT_OF_ORDER",
        /SelectTraineeCandidate needs application ota-1 at step OVERSEAS_TRAINING_STEP_SCREENED; it is at step OVERSEAS_TRAINING_STEP_APPLIED/,
      );
    given(run([apply(), screening(), selection(), appointment]))
      .when(departure)
      .thenRefused(
        "STEP_OUT_OF_ORDER",
        /at step OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED; it is at step OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED/,
      );
  });

  it("ends the application when the screening is not passed", () => {
    const events = run([apply(), screening(false)]);
    expect(events.at(-1)).toMatchObject({
      type: "OverseasTrainingRejected",
      data: { atStep: "OVERSEAS_TRAINING_STEP_APPLIED", reasonCode: "REJECTION_REASON_SCREENING_NOT_PASSED" },
    });
    given(events).when(selection()).thenRefused("APPLICATION_ENDED");
  });

  it("needs a confirmed appointment before the candidate is certified as trainee", () => {
    given(run([apply(), screening(), selection()]))
      .when(certification)
      .thenRefused("NO_APPOINTMENT_CONFIRMED");
  });

  it("refuses planned dates out of order (departure after the certification, return not before it)", () => {
    const appointed = run([apply(), screening(), selection(), appointment]);
    given(appointed)
      .when({ ...certification, plannedDepartureOn: "2024-08-20" } as OverseasTrainingCommand)
      .thenRefused("PLANNED_DATES_OUT_OF_ORDER");
    given(appointed)
      .when({ ...certification, plannedReturnOn: "2024-10-04" } as OverseasTrainingCommand)
      .thenRefused("PLANNED_DATES_OUT_OF_ORDER");
  });

  it("runs the whole flow: completed when the report is presented, then published", () => {
    const events = run([
      apply(),
      screening(),
      selection(),
      {
        type: "RefineTrainingPlan",
        applicationId: APP,
        today: TODAY,
        refinedOn: "2024-07-01",
        learningGoals: ["Procurement of AI services"],
        candidateDestinations: [COPENHAGEN, DTU],
      },
      appointment,
      certification,
      departure,
      returnOn("2024-10-26"),
      { type: "SubmitReport", applicationId: APP, today: TODAY, submittedOn: "2024-12-20" },
      { type: "PresentReport", applicationId: APP, today: TODAY, presentedOn: "2025-01-30" },
      {
        type: "PublishReport",
        applicationId: APP,
        today: TODAY,
        publishedOn: "2025-02-10",
        channels: ["PUBLICATION_CHANNEL_BUREAU_WEBSITE", "PUBLICATION_CHANNEL_DIGITAL_ACADEMY_PORTAL"],
      },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      "OverseasTrainingApplied",
      "OverseasTrainingScreened",
      "OverseasTrainingCandidateSelected",
      "OverseasTrainingPlanRefined",
      "OverseasTrainingAppointmentConfirmed",
      "OverseasTrainingTraineeCertified",
      "OverseasTrainingDeparted",
      "OverseasTrainingReturned",
      "OverseasTrainingReportSubmitted",
      "OverseasTrainingCompleted",
      "OverseasTrainingReportPublished",
    ]);
    expect(events.find((e) => e.type === "OverseasTrainingCompleted")?.data).toEqual({
      employeeId: "E1",
      effectiveDate: "2025-01-30",
      applicationId: APP,
      destinationsVisited: [COPENHAGEN],
      departedOn: "2024-10-05",
      returnedOn: "2024-10-26",
      reportSubmitted: true,
      fiscalYear: 2024,
    });
    expect(given(events).state).toMatchObject({
      step: "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED",
      placesHeld: 1,
      planRevision: 1,
    });
    given(events)
      .when({
        type: "WithdrawOverseasTraining",
        applicationId: APP,
        today: TODAY,
        withdrawnOn: "2025-03-01",
        reasonCode: "WITHDRAWAL_REASON_PERSONAL",
      })
      .thenRefused("STEP_OUT_OF_ORDER");
  });
});

describe("capacity", () => {
  it("counts each member of a group against the capacity", () => {
    const group = run([
      apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2", "E3"] }),
      confirm("E2"),
      confirm("E3"),
      screening(),
    ]);
    given(group)
      .when(selection(4))
      .thenRefused("REJECTION_REASON_CAPACITY_REACHED", /2 of 6 places left; application ota-1 needs 3/);
    const selected = given(group).when(selection(3)).events();
    expect(selected).toHaveLength(3);
    expect(given([...group, ...selected]).state?.placesHeld).toBe(3);
  });

  it("frees the places of a withdrawn application, and one place when one group member withdraws", () => {
    const selected = run([
      apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2"] }),
      confirm("E2"),
      screening(),
      selection(),
    ]);
    const oneLeft = given(selected)
      .when({
        type: "WithdrawOverseasTraining",
        applicationId: APP,
        today: TODAY,
        withdrawnOn: "2024-07-01",
        reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
        memberEmployeeId: "E2",
      })
      .events();
    expect(oneLeft).toEqual([
      {
        type: "OverseasTrainingWithdrawn",
        data: {
          employeeId: "E2",
          effectiveDate: "2024-07-01",
          applicationId: APP,
          atStep: "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED",
          reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
          wholeApplication: false,
        },
      },
    ]);
    const state = given([...selected, ...oneLeft]).state;
    expect(state).toMatchObject({
      applicantEmployeeIds: ["E1"],
      placesHeld: 1,
      step: "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED",
    });
    const all = given([...selected, ...oneLeft])
      .when({
        type: "WithdrawOverseasTraining",
        applicationId: APP,
        today: TODAY,
        withdrawnOn: "2024-07-02",
        reasonCode: "WITHDRAWAL_REASON_HEALTH",
      })
      .events();
    expect(given([...selected, ...oneLeft, ...all]).state).toMatchObject({
      step: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
      placesHeld: 0,
    });
  });
});

describe("report due date", () => {
  const upToDeparture = () => run([apply(), screening(), selection(), appointment, certification, departure]);

  it("falls due two months after the return by default, on the month's last day when it has no such day", () => {
    expect(given(upToDeparture()).when(returnOn("2024-10-26")).events()[0]?.data).toMatchObject({
      reportDueOn: "2024-12-26",
    });
    expect(given(upToDeparture()).when(returnOn("2024-12-31")).events()[0]?.data).toMatchObject({
      reportDueOn: "2025-02-28",
    });
  });

  it("follows the programme year's setting", () => {
    const events = given(upToDeparture())
      .when({
        type: "RecordReturn",
        applicationId: APP,
        today: TODAY,
        returnedOn: "2024-10-26",
        reportDueMonths: 3,
      })
      .events();
    expect(events[0]?.data).toMatchObject({ reportDueOn: "2025-01-26" });
  });

  it("marks a report submitted after its due date as late", () => {
    const returned = [...upToDeparture(), ...given(upToDeparture()).when(returnOn("2024-10-26")).events()];
    const [submitted] = given(returned)
      .when({ type: "SubmitReport", applicationId: APP, today: TODAY, submittedOn: "2024-12-27" })
      .events();
    expect(submitted?.data).toMatchObject({ reportDueOn: "2024-12-26", late: true });
  });

  it("refuses a return before the departure", () => {
    given(upToDeparture()).when(returnOn("2024-10-01")).thenRefused("DATE_BEFORE_PREVIOUS_STEP");
  });
});

describe("issue 18 item 7: the screening's outcome, and steps not dated in the future", () => {
  it("refuses a screening without passed as bad input naming it, not as a rejection", () => {
    const applied = run([apply()]);
    const { passed: _, ...unstated } = screening() as { passed: boolean };
    given(applied)
      .when({ ...unstated, passed: undefined } as OverseasTrainingCommand)
      .thenInvalid("passed");
    const [rejected] = given(applied).when(screening(false)).events();
    expect(rejected?.type).toBe("OverseasTrainingRejected");
  });

  it("refuses every step dated after today in Japan, and takes one dated today", () => {
    given([])
      .when(apply({ today: "2024-04-14" }))
      .thenRefused("DATE_IN_FUTURE");
    expect(
      given([])
        .when(apply({ today: "2024-04-15" }))
        .events(),
    ).toHaveLength(1);
    const screened = run([apply(), screening()]);
    given(screened)
      .when({ ...selection(), today: "2024-06-19" } as OverseasTrainingCommand)
      .thenRefused("DATE_IN_FUTURE");
    const departed = run([apply(), screening(), selection(), appointment, certification, departure]);
    given(departed)
      .when({ ...returnOn("2024-10-26"), today: "2024-10-25" } as OverseasTrainingCommand)
      .thenRefused("DATE_IN_FUTURE");
    given(departed)
      .when({
        type: "WithdrawOverseasTraining",
        applicationId: APP,
        today: "2024-10-10",
        withdrawnOn: "2024-10-11",
        reasonCode: "WITHDRAWAL_REASON_PERSONAL",
      } as OverseasTrainingCommand)
      .thenRefused("DATE_IN_FUTURE");
  });
});

describe("corrections and voidings of steps", () => {
  const upToReturn = () =>
    run([apply(), screening(), selection(), appointment, certification, departure, returnOn("2024-10-26")]);
  const correct = (step: string, correctedOn: string, extra: Record<string, unknown> = {}) =>
    ({
      type: "CorrectOverseasTrainingStep",
      applicationId: APP,
      today: TODAY,
      step,
      correctedOn,
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
      reportDueMonths: 2,
      programmeYear: FY2024,
      jobTypeHistories: { E1: ICT_SINCE_2023 },
      ...extra,
    }) as OverseasTrainingCommand;
  const voidStep = (step: string) =>
    ({
      type: "VoidOverseasTrainingStep",
      applicationId: APP,
      today: TODAY,
      step,
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
    }) as OverseasTrainingCommand;
  const submit = (submittedOn: string): OverseasTrainingCommand => ({
    type: "SubmitReport",
    applicationId: APP,
    today: TODAY,
    submittedOn,
  });

  it("a corrected return date moves the report's due date, and the overdue judgement with it", () => {
    const history = upToReturn();
    const [event, ...rest] = given(history)
      .when(correct("OVERSEAS_TRAINING_STEP_RETURNED", "2024-11-10"))
      .events();
    expect(rest).toEqual([]);
    expect(event).toEqual({
      type: "OverseasTrainingStepCorrected",
      data: expect.objectContaining({
        employeeId: "E1",
        effectiveDate: "2024-11-10",
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        previousEffectiveDate: "2024-10-26",
        reasonCode: "CORRECTION_REASON_WRONG_DATE",
        reportDueOn: "2025-01-10",
      }),
    });
    const after = given([...history, event as OverseasTrainingEvent]).state;
    expect(after).toMatchObject({ returnedOn: "2024-11-10", reportDueOn: "2025-01-10" });
    // Submitted on 2025-01-05: on time against the corrected due date, late against the wrong one.
    const [submitted] = given([...history, event as OverseasTrainingEvent])
      .when(submit("2025-01-05"))
      .events();
    expect(submitted?.data).toMatchObject({ reportDueOn: "2025-01-10", late: false });
  });

  it("a corrected return after the report was submitted re-judges whether it was late", () => {
    const history = [...upToReturn(), ...given(upToReturn()).when(submit("2025-01-05")).events()];
    const [event] = given(history).when(correct("OVERSEAS_TRAINING_STEP_RETURNED", "2024-10-20")).events();
    expect(event?.data).toMatchObject({ reportDueOn: "2024-12-20", reportLate: true });
  });

  it("keeps a corrected date in order with the steps before and after it, and not in the future", () => {
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_RETURNED", "2024-10-01"))
      .thenRefused("DATE_BEFORE_PREVIOUS_STEP", /OVERSEAS_TRAINING_STEP_DEPARTED/);
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_DEPARTED", "2024-10-30"))
      .thenRefused("DATE_AFTER_NEXT_STEP", /OVERSEAS_TRAINING_STEP_RETURNED/);
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED", "2024-08-05"))
      .thenRefused("DATE_AFTER_NEXT_STEP", /appointment with City of Copenhagen/);
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_RETURNED", "2025-12-02"))
      .thenRefused("DATE_IN_FUTURE");
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_RETURNED", "2024-10-26"))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED", "2024-12-01"))
      .thenRefused("STEP_NOT_REACHED");
  });

  it("checks a corrected application date as the application: within the window, applicants eligible", () => {
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_APPLIED", "2024-03-31"))
      .thenRefused("OUTSIDE_APPLICATION_WINDOW");
    given(upToReturn())
      .when(
        correct("OVERSEAS_TRAINING_STEP_APPLIED", "2024-05-01", {
          jobTypeHistories: { E1: [{ jobType: "ICT", effectiveDate: "2024-04-01" }] },
        }),
      )
      .thenRefused("NOT_ELIGIBLE");
    const [event] = given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_APPLIED", "2024-05-01"))
      .events();
    expect(event?.data).toMatchObject({
      effectiveDate: "2024-05-01",
      step: "OVERSEAS_TRAINING_STEP_APPLIED",
    });
  });

  it("refuses a certification corrected onto or after the planned departure", () => {
    given(upToReturn())
      .when(correct("OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED", "2024-10-05"))
      .thenRefused("PLANNED_DATES_OUT_OF_ORDER");
  });

  it("voids the latest step, and the step can be recorded again with its own due date", () => {
    const history = upToReturn();
    const [voided, ...rest] = given(history).when(voidStep("OVERSEAS_TRAINING_STEP_RETURNED")).events();
    expect(rest).toEqual([]);
    expect(voided).toEqual({
      type: "OverseasTrainingStepVoided",
      data: expect.objectContaining({
        effectiveDate: "2024-10-26",
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        stepNow: "OVERSEAS_TRAINING_STEP_DEPARTED",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      }),
    });
    const after = [...history, voided as OverseasTrainingEvent];
    const state = given(after).state;
    expect(state?.step).toBe("OVERSEAS_TRAINING_STEP_DEPARTED");
    expect(state?.returnedOn).toBeUndefined();
    expect(state?.reportDueOn).toBeUndefined();
    const [again] = given(after).when(returnOn("2024-11-02")).events();
    expect(again?.data).toMatchObject({ reportDueOn: "2025-01-02" });
  });

  it("refuses to void a step later steps follow, naming them (latest first)", () => {
    given(upToReturn())
      .when(voidStep("OVERSEAS_TRAINING_STEP_DEPARTED"))
      .thenRefused("LATER_STEPS_RECORDED", /OVERSEAS_TRAINING_STEP_RETURNED/);
    given(upToReturn())
      .when(voidStep("OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED"))
      .thenRefused("STEP_NOT_REACHED");
  });

  it("voiding the application itself ends it as VOIDED, and nothing more can be recorded", () => {
    const applied = run([apply()]);
    const voided = given(applied).when(voidStep("OVERSEAS_TRAINING_STEP_APPLIED")).events();
    expect(voided[0]?.data).toMatchObject({ stepNow: "OVERSEAS_TRAINING_STEP_VOIDED" });
    const after = [...applied, ...voided];
    expect(given(after).state?.step).toBe("OVERSEAS_TRAINING_STEP_VOIDED");
    given(after).when(screening()).thenRefused("APPLICATION_ENDED");
    given(after)
      .when(correct("OVERSEAS_TRAINING_STEP_APPLIED", "2024-04-20"))
      .thenRefused("APPLICATION_ENDED");
  });

  it("a voided rejection at the screening takes the screening with it; a group's step is voided once per member", () => {
    const group = run([
      apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2"] }),
      confirm("E2"),
      screening(false),
    ]);
    const voided = given(group).when(voidStep("OVERSEAS_TRAINING_STEP_REJECTED")).events();
    expect(voided.map((e) => e.data.employeeId)).toEqual(["E1", "E2"]);
    const state = given([...group, ...voided]).state;
    expect(state?.step).toBe("OVERSEAS_TRAINING_STEP_APPLIED");
    expect(state?.screening).toBeUndefined();
    expect(state?.rejectionReason).toBeUndefined();
  });

  it("voiding a second refinement puts the first plan back, still reached on its date", () => {
    const refine = (refinedOn: string, goal: string): OverseasTrainingCommand => ({
      type: "RefineTrainingPlan",
      applicationId: APP,
      today: TODAY,
      refinedOn,
      learningGoals: [goal],
      candidateDestinations: [COPENHAGEN],
    });
    const history = run([
      apply(),
      screening(),
      selection(),
      refine("2024-07-01", "first"),
      refine("2024-07-10", "second"),
    ]);
    const [voided] = given(history).when(voidStep("OVERSEAS_TRAINING_STEP_PLAN_REFINED")).events();
    expect(voided?.data).toMatchObject({
      stepNow: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
      stepStillReachedOn: "2024-07-01",
    });
    expect(given([...history, voided as OverseasTrainingEvent]).state).toMatchObject({
      planRevision: 1,
      learningGoals: ["first"],
    });
  });
});

/** A correction of a step's date and values. */
const fix = (step: string, correctedOn: string, values: Record<string, unknown>) =>
  ({
    type: "CorrectOverseasTrainingStep",
    applicationId: APP,
    today: TODAY,
    step: `OVERSEAS_TRAINING_STEP_${step}` as OverseasTrainingStep,
    correctedOn,
    reasonCode: "CORRECTION_REASON_DATA_ENTRY_ERROR",
    reportDueMonths: 2,
    programmeYear: FY2024,
    jobTypeHistories: { E1: ICT_SINCE_2023 },
    ...values,
  }) as OverseasTrainingCommand;
describe("corrections of what a step records, besides its date (issue 18 item 7)", () => {
  const reject = (rejectedOn: string): OverseasTrainingCommand => ({
    type: "RejectOverseasTraining",
    applicationId: APP,
    today: TODAY,
    rejectedOn,
    reasonCode: "REJECTION_REASON_PLAN_NOT_FINAL",
  });
  const upToCertification = () => run([apply(), screening(), selection(), appointment, certification]);
  const refine = (refinedOn: string, goal: string, destinations = [COPENHAGEN]): OverseasTrainingCommand => ({
    type: "RefineTrainingPlan",
    applicationId: APP,
    today: TODAY,
    refinedOn,
    learningGoals: [goal],
    candidateDestinations: destinations,
  });

  it("corrects the application's plan: destinations published, texts stored; one destination allowed", () => {
    const history = run([apply()]);
    const [event, ...rest] = given(history)
      .when(
        fix("APPLIED", "2024-04-15", {
          theme: "Cloud procurement",
          candidateDestinations: [DTU],
          learningGoals: [],
        }),
      )
      .events();
    expect(rest).toEqual([]);
    expect(event?.data).toMatchObject({
      effectiveDate: "2024-04-15",
      previousEffectiveDate: "2024-04-15",
      theme: "Cloud procurement",
      learningGoals: ["How Danish municipalities govern generative AI"],
      candidateDestinations: [DTU],
    });
    expect(given([...history, event as OverseasTrainingEvent]).state).toMatchObject({
      theme: "Cloud procurement",
      candidateDestinations: [DTU],
      learningGoals: ["How Danish municipalities govern generative AI"],
    });
  });

  it("after a refinement, the application's own plan is corrected, and a voided refinement puts it back", () => {
    const history = run([apply(), screening(), selection(), refine("2024-07-01", "refined")]);
    const corrected = given(history)
      .when(fix("APPLIED", "2024-04-15", { learningGoals: ["as applied, corrected"] }))
      .events();
    const after = [...history, ...corrected];
    expect(given(after).state?.learningGoals).toEqual(["refined"]);
    const voided = given(after)
      .when({
        type: "VoidOverseasTrainingStep",
        applicationId: APP,
        today: TODAY,
        step: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      })
      .events();
    expect(given([...after, ...voided]).state?.learningGoals).toEqual(["as applied, corrected"]);
    // The latest refinement's plan is the plan step's own.
    const [refined] = given(history)
      .when(fix("PLAN_REFINED", "2024-07-01", { candidateDestinations: [COPENHAGEN, DTU] }))
      .events();
    expect(given([...history, refined as OverseasTrainingEvent]).state?.candidateDestinations).toEqual([
      COPENHAGEN,
      DTU,
    ]);
  });

  it("checks a corrected plan as the plan: a destination without its country code is bad input naming it", () => {
    given(run([apply()]))
      .when(
        fix("APPLIED", "2024-04-15", { candidateDestinations: [{ ...DTU, countryCode: "dk" }], theme: " " }),
      )
      .thenInvalid("theme", "candidateDestinations[0].countryCode");
  });

  it("corrects the screening's scores; passed is required and cannot turn the outcome round", () => {
    const history = run([apply(), screening()]);
    const values = { planScore: 90, englishScore: 70, screenedBy: ["GovTech Tokyo"] };
    given(history)
      .when(fix("SCREENED", "2024-06-10", { screening: { ...values, passed: undefined } }))
      .thenInvalid("screening.passed");
    given(history)
      .when(fix("SCREENED", "2024-06-10", { screening: { ...values, planScore: 101, passed: true } }))
      .thenInvalid("screening.planScore");
    given(history)
      .when(fix("SCREENED", "2024-06-10", { screening: { ...values, passed: false } }))
      .thenRefused("CORRECTION_CHANGES_OUTCOME", /void OVERSEAS_TRAINING_STEP_SCREENED/);
    const [event] = given(history)
      .when(fix("SCREENED", "2024-06-12", { screening: { ...values, passed: true } }))
      .events();
    expect(event?.data).toMatchObject({
      effectiveDate: "2024-06-12",
      screening: { ...values, passed: true, screenedOn: "2024-06-12" },
    });
    expect(given([...history, event as OverseasTrainingEvent]).state?.screening).toEqual({
      ...values,
      passed: true,
      screenedOn: "2024-06-12",
    });
  });

  it("a rejection at the screening takes the screening's scores but keeps its reason", () => {
    const history = run([apply(), screening(false)]);
    const values = { planScore: 40, englishScore: 55, screenedBy: ["GovTech Tokyo"], passed: false };
    given(history)
      .when(fix("REJECTED", "2024-06-10", { rejectionReason: "REJECTION_REASON_OTHER" }))
      .thenRefused("CORRECTION_CHANGES_OUTCOME");
    const [event] = given(history)
      .when(fix("REJECTED", "2024-06-10", { screening: values }))
      .events();
    expect(given([...history, event as OverseasTrainingEvent]).state).toMatchObject({
      step: "OVERSEAS_TRAINING_STEP_REJECTED",
      screening: { planScore: 40, passed: false },
    });
    // A rejection after the screening records no screening, and its reason can be corrected.
    const later = run([apply(), screening(), reject("2024-06-15")]);
    given(later)
      .when(fix("REJECTED", "2024-06-15", { screening: values }))
      .thenRefused("NOT_RECORDED_BY_STEP", /screening/);
    const [reason] = given(later)
      .when(fix("REJECTED", "2024-06-15", { rejectionReason: "REJECTION_REASON_OTHER" }))
      .events();
    expect(reason?.data).toMatchObject({ rejectionReason: "REJECTION_REASON_OTHER" });
    expect(given([...later, reason as OverseasTrainingEvent]).state?.rejectionReason).toBe(
      "REJECTION_REASON_OTHER",
    );
  });

  it("refuses a value the step does not record, naming it", () => {
    given(upToCertification())
      .when(fix("TRAINEE_CERTIFIED", "2024-08-20", { theme: "another", feedback: "x" }))
      .thenRefused("NOT_RECORDED_BY_STEP", /theme, feedback/);
  });

  it("corrects the planned dates as the certification checks them, and the interpreter support", () => {
    const history = upToCertification();
    given(history)
      .when(fix("TRAINEE_CERTIFIED", "2024-08-20", { plannedDepartureOn: "2024-08-19" }))
      .thenRefused("PLANNED_DATES_OUT_OF_ORDER");
    given(history)
      .when(fix("TRAINEE_CERTIFIED", "2024-08-20", { plannedReturnOn: "2024-10-01" }))
      .thenRefused("PLANNED_DATES_OUT_OF_ORDER");
    const [event] = given(history)
      .when(
        fix("TRAINEE_CERTIFIED", "2024-08-20", {
          plannedDepartureOn: "2024-10-06",
          interpreterSupport: false,
        }),
      )
      .events();
    expect(event?.data).toMatchObject({
      plannedDepartureOn: "2024-10-06",
      plannedReturnOn: "2024-10-26",
      interpreterSupport: false,
    });
    expect(given([...history, event as OverseasTrainingEvent]).state).toMatchObject({
      plannedDepartureOn: "2024-10-06",
      interpreterSupport: false,
    });
  });

  it("corrects the selection's feedback and a withdrawal's reason; the same values again change nothing", () => {
    const selected = run([apply(), screening(), selection()]);
    const [feedback] = given(selected)
      .when(fix("CANDIDATE_SELECTED", "2024-06-20", { feedback: "Visit two hosts" }))
      .events();
    expect(given([...selected, feedback as OverseasTrainingEvent]).state?.feedback).toBe("Visit two hosts");
    given(selected)
      .when(
        fix("CANDIDATE_SELECTED", "2024-06-20", {
          feedback: "Narrow the goals to procurement of AI services",
        }),
      )
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    const withdrawn = run([
      apply(),
      {
        type: "WithdrawOverseasTraining",
        applicationId: APP,
        today: TODAY,
        withdrawnOn: "2024-05-01",
        reasonCode: "WITHDRAWAL_REASON_PERSONAL",
      },
    ]);
    const [reason] = given(withdrawn)
      .when(fix("WITHDRAWN", "2024-05-01", { withdrawalReason: "WITHDRAWAL_REASON_OTHER" }))
      .events();
    expect(reason?.data).toMatchObject({ withdrawalReason: "WITHDRAWAL_REASON_OTHER" });
    expect(given([...withdrawn, reason as OverseasTrainingEvent]).state?.withdrawalReason).toBe(
      "WITHDRAWAL_REASON_OTHER",
    );
  });
});

describe("appointments, members' confirmations and members' own withdrawals corrected and voided (issue 18 item 7)", () => {
  const voidOf = (step: string, entry: Record<string, unknown>, filled: Record<string, unknown> = {}) =>
    ({
      type: "VoidOverseasTrainingStep",
      applicationId: APP,
      today: TODAY,
      step: `OVERSEAS_TRAINING_STEP_${step}` as OverseasTrainingStep,
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      ...entry,
      ...filled,
    }) as OverseasTrainingCommand;
  const second: OverseasTrainingCommand = {
    type: "ConfirmAppointment",
    applicationId: APP,
    today: TODAY,
    confirmedOn: "2024-08-05",
    destination: DTU,
    visitOn: "2024-10-09",
  };
  const booked = () => run([apply(), screening(), selection(), appointment, second]);
  const group = () =>
    run([
      apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2", "E3"] }),
      confirm("E2"),
      confirm("E3"),
    ]);
  const withdrawE2: OverseasTrainingCommand = {
    type: "WithdrawOverseasTraining",
    applicationId: APP,
    today: TODAY,
    withdrawnOn: "2024-06-25",
    reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
    memberEmployeeId: "E2",
  };

  it("corrects an appointment's date, host and visit as its confirmation was checked", () => {
    const history = booked();
    const [event] = given(history)
      .when(
        fix("APPOINTMENT_CONFIRMED", "2024-08-02", {
          appointmentNumber: 1,
          destination: DTU,
          visitOn: "2024-10-08",
        }),
      )
      .events();
    expect(event?.data).toMatchObject({
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      appointmentNumber: 1,
      effectiveDate: "2024-08-02",
      previousEffectiveDate: "2024-08-01",
      destination: DTU,
      visitOn: "2024-10-08",
      // The step counts from the latest appointment, the second one.
      stepReachedOn: "2024-08-05",
    });
    expect(given([...history, event as OverseasTrainingEvent]).state?.appointments[0]).toEqual({
      destination: DTU,
      visitOn: "2024-10-08",
      confirmedOn: "2024-08-02",
    });
    given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-01", { appointmentNumber: 1, visitOn: "2024-07-30" }))
      .thenRefused("DATE_BEFORE_PREVIOUS_STEP", /its confirmation/);
    given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-06-01", { appointmentNumber: 2 }))
      .thenRefused("DATE_BEFORE_PREVIOUS_STEP", /the selection/);
    given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-01", { appointmentNumber: 3 }))
      .thenRefused("STEP_NOT_REACHED", /2 appointment/);
    given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-01", {}))
      .thenInvalid("appointmentNumber");
    given(history)
      .when(fix("SCREENED", "2024-06-10", { appointmentNumber: 1 }))
      .thenRefused("NOT_RECORDED_BY_STEP", /appointmentNumber/);
  });

  it("after the certification an appointment's host is corrected too, the planned destinations with it", () => {
    const history = continued(booked(), [certification]);
    const GDS: Destination = {
      ...DTU,
      name: "Government Digital Service",
      countryCode: "GB",
      city: "London",
    };
    const [host, ...others] = given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-01", { appointmentNumber: 1, destination: GDS }))
      .events();
    expect(others).toEqual([]);
    expect(host?.data).toMatchObject({ destination: GDS, plannedDestinations: [GDS, DTU] });
    expect(host?.data).not.toHaveProperty("destinationsVisited");
    expect(given([...history, host as OverseasTrainingEvent]).state?.appointments[0]?.destination).toEqual(
      GDS,
    );
    // After the report meeting the destinations visited follow as well; a correction is checked as the
    // confirmation was, whatever step the application is at.
    const presented = continued(history, [
      departure,
      returnOn("2024-10-26"),
      { type: "SubmitReport", applicationId: APP, today: TODAY, submittedOn: "2024-11-20" },
      { type: "PresentReport", applicationId: APP, today: TODAY, presentedOn: "2024-12-10" },
    ]);
    const [visited] = given(presented)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-05", { appointmentNumber: 2, destination: GDS }))
      .events();
    expect(visited?.data).toMatchObject({
      destination: GDS,
      plannedDestinations: [COPENHAGEN, GDS],
      destinationsVisited: [COPENHAGEN, GDS],
    });
    given(presented)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-05", { appointmentNumber: 2, visitOn: "2024-08-04" }))
      .thenRefused("DATE_BEFORE_PREVIOUS_STEP", /its confirmation/);
    given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-21", { appointmentNumber: 1 }))
      .thenRefused("DATE_AFTER_NEXT_STEP", /TRAINEE_CERTIFIED/);
    const [visit] = given(history)
      .when(fix("APPOINTMENT_CONFIRMED", "2024-08-01", { appointmentNumber: 1, visitOn: "2024-10-06" }))
      .events();
    expect(given([...history, visit as OverseasTrainingEvent]).state?.appointments[0]?.visitOn).toBe(
      "2024-10-06",
    );
    given(history)
      .when(voidOf("APPOINTMENT_CONFIRMED", { appointmentNumber: 1 }))
      .thenRefused("LATER_STEPS_RECORDED", /TRAINEE_CERTIFIED/);
  });

  it("voids an appointment before the certification: once for a group, the step counting from the one left", () => {
    const history = booked();
    const [voided] = given(history)
      .when(voidOf("APPOINTMENT_CONFIRMED", { appointmentNumber: 2 }))
      .events();
    expect(voided?.data).toMatchObject({ appointmentNumber: 2, stepStillReachedOn: "2024-08-01" });
    expect(given([...history, voided as OverseasTrainingEvent]).state?.appointments).toEqual([
      { destination: COPENHAGEN, visitOn: "2024-10-07", confirmedOn: "2024-08-01" },
    ]);
    const withGroup = continued(group(), [screening(), selection(), appointment, second]);
    const perMember = given(withGroup)
      .when(voidOf("APPOINTMENT_CONFIRMED", { appointmentNumber: 1 }))
      .events();
    expect(perMember.map((e) => e.data.employeeId)).toEqual(["E1", "E2", "E3"]);
    expect(given([...withGroup, ...perMember]).state?.appointments.map((a) => a.destination.name)).toEqual([
      DTU.name,
    ]);
  });

  it("voids a member's confirmation before the screening: invited again, published to the member only", () => {
    const history = group();
    const voided = given(history)
      .when(voidOf("APPLIED", { memberEmployeeId: "E2" }))
      .events();
    expect(voided).toEqual([
      {
        type: "OverseasTrainingStepVoided",
        data: expect.objectContaining({
          employeeId: "E2",
          step: "OVERSEAS_TRAINING_STEP_APPLIED",
          stepNow: "OVERSEAS_TRAINING_STEP_APPLIED",
          effectiveDate: "2024-04-15",
        }),
      },
    ]);
    const after = [...history, ...voided];
    expect(given(after).state).toMatchObject({
      applicantEmployeeIds: ["E1", "E3"],
      pendingMemberIds: ["E2"],
    });
    expect(given(after).when(confirm("E2", "2024-04-22")).events()).toHaveLength(1);
    given(history)
      .when(voidOf("APPLIED", { memberEmployeeId: "E1" }))
      .thenRefused("NOT_A_MEMBER");
    const screened = [...history, ...given(history).when(screening()).events()];
    given(screened)
      .when(voidOf("APPLIED", { memberEmployeeId: "E2" }))
      .thenRefused("LATER_STEPS_RECORDED", /OVERSEAS_TRAINING_STEP_SCREENED/);
  });

  it("corrects and voids a member's own withdrawal; back, the member takes a place again within the capacity", () => {
    const history = continued(group(), [screening(), selection(), withdrawE2]);
    expect(given(history).state?.placesHeld).toBe(2);
    const [fixed, ...others] = given(history)
      .when(
        fix("WITHDRAWN", "2024-06-24", {
          memberEmployeeId: "E2",
          withdrawalReason: "WITHDRAWAL_REASON_HEALTH",
        }),
      )
      .events();
    expect(others).toEqual([]);
    expect(fixed?.data).toMatchObject({
      employeeId: "E2",
      effectiveDate: "2024-06-24",
      previousEffectiveDate: "2024-06-25",
      withdrawalReason: "WITHDRAWAL_REASON_HEALTH",
    });
    given(history)
      .when(fix("WITHDRAWN", "2024-06-25", { memberEmployeeId: "E3" }))
      .thenRefused("STEP_NOT_REACHED", /E3 has not withdrawn/);
    const back = voidOf(
      "WITHDRAWN",
      { memberEmployeeId: "E2" },
      { programmeYear: FY2024, placesTakenByOthers: 3 },
    );
    const voided = given(history).when(back).events();
    expect(voided.map((e) => e.data.employeeId)).toEqual(["E2"]);
    expect(given([...history, ...voided]).state).toMatchObject({
      applicantEmployeeIds: ["E1", "E3", "E2"],
      placesHeld: 3,
    });
    given(history)
      .when(
        voidOf("WITHDRAWN", { memberEmployeeId: "E2" }, { programmeYear: FY2024, placesTakenByOthers: 4 }),
      )
      .thenRefused("REJECTION_REASON_CAPACITY_REACHED");
    const refined = continued(history, [
      {
        type: "RefineTrainingPlan",
        applicationId: APP,
        today: TODAY,
        refinedOn: "2024-07-01",
        learningGoals: ["refined"],
        candidateDestinations: [COPENHAGEN],
      },
    ]);
    given(refined)
      .when(back)
      .thenRefused("LATER_STEPS_RECORDED", /OVERSEAS_TRAINING_STEP_PLAN_REFINED/);
    given(history)
      .when(voidOf("SCREENED", { memberEmployeeId: "E2" }))
      .thenRefused("NOT_RECORDED_BY_STEP", /memberEmployeeId/);
  });
});

describe("a step's history (issue 18 item 7)", () => {
  /** Decides the commands in order; each command's events are one decision, each event with an id. */
  function recorded(commands: OverseasTrainingCommand[]): RecordedOverseasTrainingEvent[] {
    const out: RecordedOverseasTrainingEvent[] = [];
    for (const [i, command] of commands.entries()) {
      const events = given(out.map((r) => r.event))
        .when(command)
        .events();
      for (const event of events) {
        out.push({
          eventId: `ev${out.length + 1}`,
          eventType: `hr.training.v1.${event.type}`,
          decision: `request-${i}`,
          event,
        });
      }
    }
    return out;
  }
  const entry = (
    action: string,
    step: string,
    effectiveDate: string,
    refs: [string, string][],
    extra: Record<string, unknown> = {},
  ) => ({
    step: `OVERSEAS_TRAINING_STEP_${step}`,
    action: `STEP_HISTORY_ACTION_${action}`,
    voided: action === "VOIDED",
    effectiveDate,
    previousEffectiveDate: "",
    correctionReason: "CORRECTION_REASON_UNSPECIFIED",
    voidReason: "VOID_REASON_UNSPECIFIED",
    evidence: refs.map(([eventId, type]) => ({
      eventId,
      eventType: `hr.training.v1.OverseasTraining${type}`,
      effectiveDate,
    })),
    ...extra,
  });

  it("lists each step as first recorded, then its corrections and voidings, each decision once with its events", () => {
    const events = recorded([
      apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2", "E3"] }),
      confirm("E2"),
      confirm("E3"),
      fix("APPLIED", "2024-04-15", { theme: "Cloud procurement" }),
      {
        type: "VoidOverseasTrainingStep",
        applicationId: APP,
        today: TODAY,
        step: "OVERSEAS_TRAINING_STEP_APPLIED",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
        memberEmployeeId: "E3",
      },
      screening(),
    ]);
    const withHistory = overseasTrainingWithHistory(events);
    expect(withHistory).toMatchObject(given(events.map((r) => r.event)).state ?? {});
    expect(withHistory?.stepHistory).toEqual([
      entry("RECORDED", "APPLIED", "2024-04-15", [["ev1", "Applied"]]),
      entry("RECORDED", "APPLIED", "2024-04-15", [["ev2", "Applied"]], { memberEmployeeId: "E2" }),
      entry("RECORDED", "APPLIED", "2024-04-15", [["ev3", "Applied"]], { memberEmployeeId: "E3" }),
      // Published to the three participants: one entry, three events.
      entry(
        "CORRECTED",
        "APPLIED",
        "2024-04-15",
        [
          ["ev4", "StepCorrected"],
          ["ev5", "StepCorrected"],
          ["ev6", "StepCorrected"],
        ],
        { previousEffectiveDate: "2024-04-15", correctionReason: "CORRECTION_REASON_DATA_ENTRY_ERROR" },
      ),
      entry("VOIDED", "APPLIED", "2024-04-15", [["ev7", "StepVoided"]], {
        voidReason: "VOID_REASON_DATA_ENTRY_ERROR",
        memberEmployeeId: "E3",
      }),
      entry("RECORDED", "SCREENED", "2024-06-10", [
        ["ev8", "Screened"],
        ["ev9", "Screened"],
      ]),
    ]);
  });

  it("numbers appointments as recorded, and names a member's own withdrawal", () => {
    const events = recorded([
      apply({ kind: "APPLICATION_KIND_GROUP", groupMemberIds: ["E2"] }),
      confirm("E2"),
      screening(),
      selection(),
      appointment,
      { ...appointment, confirmedOn: "2024-08-05", destination: DTU } as OverseasTrainingCommand,
      {
        type: "WithdrawOverseasTraining",
        applicationId: APP,
        today: TODAY,
        withdrawnOn: "2024-08-10",
        reasonCode: "WITHDRAWAL_REASON_WORKLOAD",
        memberEmployeeId: "E2",
      },
    ]);
    const entries = overseasTrainingWithHistory(events)?.stepHistory ?? [];
    expect(entries.map((e) => [e.step, e.appointmentNumber, e.memberEmployeeId, e.evidence.length])).toEqual([
      ["OVERSEAS_TRAINING_STEP_APPLIED", undefined, undefined, 1],
      ["OVERSEAS_TRAINING_STEP_APPLIED", undefined, "E2", 1],
      ["OVERSEAS_TRAINING_STEP_SCREENED", undefined, undefined, 2],
      ["OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED", undefined, undefined, 2],
      ["OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED", 1, undefined, 2],
      ["OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED", 2, undefined, 2],
      ["OVERSEAS_TRAINING_STEP_WITHDRAWN", undefined, "E2", 1],
    ]);
  });
});
