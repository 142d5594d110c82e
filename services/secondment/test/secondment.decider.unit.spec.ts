import { describe, expect, it } from "vitest";
import type { SecondmentCommand } from "../src/domain";
import {
  agree,
  agreeNext,
  correct,
  DIGITAL_AGENCY,
  EMPLOYEE,
  end,
  extend,
  FIRM,
  fold,
  GOVTECH,
  given,
  historyOf,
  recordTransfer,
  returnFrom,
  start,
  transfer,
  voidEnd,
  voidExtension,
  voidReturn,
  warnOnly,
  yearAtFirm,
} from "./domain-fixtures";

const cancel = (reason: string): SecondmentCommand =>
  ({ type: "CancelSecondment", employeeId: EMPLOYEE, secondmentId: "s1", reason }) as SecondmentCommand;

describe("AgreeSecondment", () => {
  it("records the host, the title at the host, the home post and the planned dates", () => {
    given([])
      .when(agree())
      .thenEvents([
        {
          type: "SecondmentAgreed",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-02-15",
            secondmentId: "s1",
            hostId: FIRM.hostId,
            hostKind: "HOST_KIND_PRIVATE_FIRM",
            hostName: "Network Vendor A",
            hostDepartment: "Cloud Center of Excellence",
            hostTitle: "engineer",
            homeDepartment: "Digital Services Bureau",
            homePost: "General Affairs Section, on secondment",
            plannedStartOn: "2024-04-01",
            plannedEndOn: "2025-03-31",
            lengthWarnings: [],
            yearPlan: [],
          },
        },
      ]);
  });

  it("keeps a year plan of phases inside the planned period", () => {
    const yearPlan = [
      { name: "network basics", startsOn: "2024-04-01", endsOn: "2024-06-30" },
      { name: "practice on a real project", startsOn: "2024-07-01", endsOn: "2024-09-30" },
      { name: "security", startsOn: "2024-10-01", endsOn: "2024-12-31" },
    ];
    const [event] = given([]).when(agree({ yearPlan })).events();
    expect(event?.data).toMatchObject({ yearPlan });
  });

  it("refuses phases that overlap or leave the planned period, naming each", () => {
    const refusal = () =>
      given([])
        .when(
          agree({
            yearPlan: [
              { name: "network basics", startsOn: "2024-03-01", endsOn: "2024-06-30" },
              { name: "practice", startsOn: "2024-06-30", endsOn: "2024-09-30" },
            ],
          }),
        )
        .events();
    expect(refusal).toThrow(/yearPlan\[0\] is not within.*yearPlan\[1\] starts before/);
  });

  it("refuses phases that overlap or leave the planned period (rule code)", () => {
    const yearPlan = [
      { name: "network basics", startsOn: "2024-03-01", endsOn: "2024-06-30" },
      { name: "practice", startsOn: "2024-06-30", endsOn: "2024-09-30" },
    ];
    given([]).when(agree({ yearPlan })).thenRefused("YEAR_PLAN_OUT_OF_PLACE");
  });

  it("names every malformed field", () => {
    given([])
      .when(
        agree({ plannedStartOn: "2024-02-30", homePost: " ", host: { ...FIRM, kind: "CASTLE" as never } }),
      )
      .thenInvalid("plannedStartOn", "hostKind", "homePost");
  });

  it("refuses a planned end before the planned start", () => {
    given([])
      .when(agree({ plannedEndOn: "2024-03-31" }))
      .thenRefused("END_BEFORE_START");
  });

  it("refuses an agreement dated after the planned start", () => {
    given([])
      .when(agree({ agreedOn: "2024-04-02" }))
      .thenRefused("AGREED_AFTER_START");
  });

  it("refuses a second secondment that overlaps the first by one day", () => {
    given(historyOf(agree()))
      .when(agreeNext({ plannedStartOn: "2025-03-31", plannedEndOn: "2026-03-31" }))
      .thenRefused("SECONDMENTS_OVERLAP");
  });

  it("allows back to back: the next starts the day after the last day", () => {
    const [event] = given(historyOf(agree())).when(agreeNext()).events();
    expect(event?.type).toBe("SecondmentAgreed");
  });

  it("ignores a cancelled secondment when checking overlap", () => {
    const history = historyOf(agree(), cancel("CANCELLATION_REASON_HOST_WITHDREW"));
    const events = given(history)
      .when(agree({ secondmentId: "s2" }))
      .events();
    expect(events).toEqual([
      expect.objectContaining({
        type: "SecondmentAgreed",
        data: expect.objectContaining({ secondmentId: "s2", plannedStartOn: "2024-04-01" }),
      }),
    ]);
    expect(fold([...history, ...events]).secondments.map((s) => [s.secondmentId, s.status])).toEqual([
      ["s1", "SECONDMENT_STATUS_CANCELLED"],
      ["s2", "SECONDMENT_STATUS_PLANNED"],
    ]);
  });

  it("refuses a reused secondment id", () => {
    given(historyOf(agree()))
      .when(agree({ plannedStartOn: "2026-04-01", plannedEndOn: "2026-09-30" }))
      .thenRefused("SECONDMENT_ID_ALREADY_USED");
  });
});

describe("length policy per host kind", () => {
  it("refuses more than a year at a private firm at first (configured to refuse)", () => {
    given([])
      .when(agree({ plannedEndOn: "2025-04-01" }))
      .thenRefused("LONGER_THAN_STANDARD_LENGTH");
  });

  it("records a warning instead when the limit is configured to warn", () => {
    const [event] = given([])
      .when(agree({ plannedEndOn: "2025-04-01", policy: warnOnly }))
      .events();
    expect(event?.data).toMatchObject({ lengthWarnings: ["LENGTH_LIMIT_STANDARD"] });
  });

  it("warns for more than 2 years at the Digital Agency (2 years in principle)", () => {
    const [event] = given([])
      .when(agree({ host: DIGITAL_AGENCY, plannedEndOn: "2026-04-30" }))
      .events();
    expect(event?.data).toMatchObject({ lengthWarnings: ["LENGTH_LIMIT_STANDARD"] });
  });

  it("refuses more than 5 years at an affiliated body (the legal maximum), warns beyond 3", () => {
    const affiliated = {
      hostId: "sewerage-services",
      kind: "HOST_KIND_AFFILIATED_BODY" as const,
      name: "Sewerage",
    };
    const [within] = given([])
      .when(agree({ host: affiliated, plannedEndOn: "2029-03-31" }))
      .events();
    expect(within?.data).toMatchObject({ lengthWarnings: ["LENGTH_LIMIT_STANDARD"] });
    given([])
      .when(agree({ host: affiliated, plannedEndOn: "2029-04-01" }))
      .thenRefused("LONGER_THAN_MAXIMUM_LENGTH");
  });

  it("has no limit for GovTech Tokyo by default", () => {
    const [event] = given([])
      .when(agree({ host: GOVTECH, plannedEndOn: "2030-03-31" }))
      .events();
    expect(event?.data).toMatchObject({ lengthWarnings: [] });
  });
});

describe("StartSecondment", () => {
  it("starts the agreed secondment on the actual first day, with the year of service from the hiring", () => {
    given(historyOf(agree()))
      .when(start({ hiredOn: "2023-04-01" }))
      .thenEvents([
        {
          type: "SecondmentStarted",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-04-01",
            secondmentId: "s1",
            hostId: FIRM.hostId,
            hostKind: "HOST_KIND_PRIVATE_FIRM",
            hostName: "Network Vendor A",
            hostDepartment: "Cloud Center of Excellence",
            hostTitle: "engineer",
            homeDepartment: "Digital Services Bureau",
            homePost: "General Affairs Section, on secondment",
            startsOn: "2024-04-01",
            plannedEndOn: "2025-03-31",
            yearOfService: 2,
            lengthWarnings: [],
          },
        },
      ]);
  });

  it("leaves the year of service out when the hiring date is not known", () => {
    const [event] = given(historyOf(agree())).when(start()).events();
    expect(event?.data).not.toHaveProperty("yearOfService");
  });

  it("agrees and starts at once when given the terms", () => {
    const events = given([])
      .when(
        start({
          terms: {
            host: FIRM,
            hostDepartment: "Cloud Center of Excellence",
            hostTitle: "engineer",
            homeDepartment: "Digital Services Bureau",
            homePost: "General Affairs Section, on secondment",
            plannedEndOn: "2025-03-31",
          },
        }),
      )
      .events();
    expect(events.map((e) => e.type)).toEqual(["SecondmentAgreed", "SecondmentStarted"]);
    expect(events[0]?.data).toMatchObject({ effectiveDate: "2024-04-01", plannedStartOn: "2024-04-01" });
  });

  it("refuses a cancelled secondment", () => {
    given(historyOf(agree(), cancel("CANCELLATION_REASON_WITHDRAWN")))
      .when(start())
      .thenRefused("SECONDMENT_CANCELLED");
  });

  it("refuses a second start", () => {
    given(historyOf(agree(), start())).when(start()).thenRefused("SECONDMENT_ALREADY_STARTED");
  });

  it("refuses an unknown secondment as not found", () => {
    given([]).when(start()).thenNotFound();
  });

  it("refuses a first day after the planned last day", () => {
    given(historyOf(agree()))
      .when(start({ startsOn: "2025-04-01" }))
      .thenRefused("END_BEFORE_START");
  });
});

describe("ExtendSecondment", () => {
  it("moves the planned end later, within the private firm's 2-year maximum", () => {
    const [event] = given(historyOf(agree(), start())).when(extend()).events();
    expect(event).toMatchObject({
      type: "SecondmentExtended",
      data: {
        previousPlannedEndOn: "2025-03-31",
        plannedEndOn: "2026-03-31",
        reasonCode: "EXTENSION_REASON_RENEWAL",
      },
    });
  });

  it("refuses an extension that is not later", () => {
    given(historyOf(agree(), start()))
      .when(extend({ plannedEndOn: "2025-03-31" }))
      .thenRefused("EXTENSION_NOT_LATER");
  });

  it("refuses going beyond the maximum", () => {
    given(historyOf(agree(), start()))
      .when(extend({ plannedEndOn: "2026-04-01" }))
      .thenRefused("LONGER_THAN_MAXIMUM_LENGTH");
  });

  it("refuses an extension into the next secondment", () => {
    const history = historyOf(agree(), agreeNext());
    given(history)
      .when(extend({ plannedEndOn: "2025-06-30" }))
      .thenRefused("SECONDMENTS_OVERLAP");
  });

  it("refuses an ended secondment", () => {
    given(yearAtFirm()).when(extend()).thenRefused("SECONDMENT_NOT_RUNNING");
  });
});

describe("EndSecondment and what follows", () => {
  it("ends with the reason and the first day for the length served", () => {
    const [event] = given(historyOf(agree(), start())).when(end()).events();
    expect(event).toMatchObject({
      type: "SecondmentEnded",
      data: {
        endedOn: "2025-03-31",
        effectiveDate: "2025-03-31",
        reason: "END_REASON_COMPLETED",
        startedOn: "2024-04-01",
      },
    });
  });

  it("records the return the day after when a post is given", () => {
    const events = given(historyOf(agree(), start()))
      .when(end({ returnTo: { department: "Digital Services Bureau", post: "Data Utilisation Section" } }))
      .events();
    expect(events.map((e) => e.type)).toEqual(["SecondmentEnded", "SecondmentReturned"]);
    expect(events[1]?.data).toMatchObject({ returnedOn: "2025-04-01", post: "Data Utilisation Section" });
  });

  it("refuses an end before the start, one after the planned end, and one before the start happened", () => {
    given(historyOf(agree(), start()))
      .when(end({ endedOn: "2024-03-31" }))
      .thenRefused("END_BEFORE_START");
    given(historyOf(agree(), start()))
      .when(end({ endedOn: "2025-04-01" }))
      .thenRefused("END_AFTER_PLANNED_END");
    given(historyOf(agree())).when(end()).thenRefused("SECONDMENT_NOT_STARTED");
  });

  it("lets an early return end before the planned end", () => {
    const [event] = given(historyOf(agree(), start()))
      .when(end({ endedOn: "2024-09-30", reason: "END_REASON_EARLY_RETURN" }))
      .events();
    expect(event?.data).toMatchObject({ reason: "END_REASON_EARLY_RETURN" });
  });

  it("records a later return after the last day, once", () => {
    const returnFrom = (returnedOn: string): SecondmentCommand => ({
      type: "ReturnFromSecondment",
      employeeId: EMPLOYEE,
      secondmentId: "s1",
      returnedOn,
      department: "Bureau of General Affairs",
      post: "Personnel Section",
    });
    given(yearAtFirm()).when(returnFrom("2025-03-31")).thenRefused("NOT_AFTER_END");
    given(historyOf(agree(), start())).when(returnFrom("2025-04-01")).thenRefused("SECONDMENT_NOT_ENDED");
    const history = [...yearAtFirm(), ...given(yearAtFirm()).when(returnFrom("2025-04-01")).events()];
    given(history).when(returnFrom("2025-04-02")).thenRefused("SECONDMENT_ALREADY_FOLLOWED_UP");
  });

  it("goes from the Digital Agency straight on to GovTech Tokyo, with the home post kept", () => {
    const history = historyOf(
      agree({
        host: DIGITAL_AGENCY,
        hostTitle: "deputy section chief",
        plannedStartOn: "2023-04-01",
        plannedEndOn: "2024-03-31",
        agreedOn: "2023-02-01",
      }),
      start({ startsOn: "2023-04-01" }),
      end({ endedOn: "2024-03-31" }),
    );
    const events = given(history)
      .when(
        start({
          secondmentId: "s2",
          startsOn: "2024-04-01",
          terms: {
            host: GOVTECH,
            hostDepartment: "Digital Service Division",
            hostTitle: "deputy group leader",
            homeDepartment: "Digital Services Bureau",
            homePost: "General Affairs Section, on secondment",
            plannedEndOn: "2025-03-31",
          },
        }),
      )
      .events();
    expect(events.map((e) => e.type)).toEqual(["SecondmentAgreed", "SecondmentStarted"]);
    expect(events[1]?.data).toMatchObject({
      hostKind: "HOST_KIND_GOVTECH_TOKYO",
      hostTitle: "deputy group leader",
    });
  });

  it("records a transfer of employment to the host, after which no secondment can follow", () => {
    const [event] = given(yearAtFirm()).when(transfer()).events();
    expect(event).toMatchObject({
      type: "SecondmentTransferredOut",
      data: { transferredOn: "2025-04-01", hostName: "Network Vendor A", hostKind: "HOST_KIND_PRIVATE_FIRM" },
    });
    given([...yearAtFirm(), event!])
      .when(
        agree({
          secondmentId: "s2",
          plannedStartOn: "2026-04-01",
          plannedEndOn: "2026-09-30",
          agreedOn: "2026-01-05",
        }),
      )
      .thenRefused("EMPLOYEE_TRANSFERRED_OUT");
  });

  it("refuses a transfer while another secondment is still planned", () => {
    const history = historyOf(
      agree(),
      start(),
      end(),
      agreeNext({ plannedStartOn: "2025-05-01", plannedEndOn: "2026-03-31" }),
    );
    given(history).when(transfer()).thenRefused("OPEN_SECONDMENTS_REMAIN");
  });
});

describe("CancelSecondment", () => {
  it("cancels before the start, effective on the planned first day", () => {
    const [event] = given(historyOf(agree())).when(cancel("CANCELLATION_REASON_HOST_WITHDREW")).events();
    expect(event).toMatchObject({
      type: "SecondmentCancelled",
      data: { effectiveDate: "2024-04-01", reasonCode: "CANCELLATION_REASON_HOST_WITHDREW" },
    });
  });

  it("refuses after the start unless it was recorded in error", () => {
    given(historyOf(agree(), start()))
      .when(cancel("CANCELLATION_REASON_WITHDRAWN"))
      .thenRefused("SECONDMENT_ALREADY_STARTED");
    const events = given(yearAtFirm()).when(cancel("CANCELLATION_REASON_RECORDED_IN_ERROR")).events();
    expect(events).toEqual([
      {
        type: "SecondmentCancelled",
        data: {
          employeeId: EMPLOYEE,
          effectiveDate: "2024-04-01",
          secondmentId: "s1",
          hostId: FIRM.hostId,
          hostKind: "HOST_KIND_PRIVATE_FIRM",
          reasonCode: "CANCELLATION_REASON_RECORDED_IN_ERROR",
        },
      },
    ]);
    expect(fold([...yearAtFirm(), ...events]).secondments[0]).toMatchObject({
      status: "SECONDMENT_STATUS_CANCELLED",
      cancellationReason: "CANCELLATION_REASON_RECORDED_IN_ERROR",
      endedOn: "2025-03-31",
    });
  });

  it("refuses a free-text reason: reasons are codes", () => {
    given(historyOf(agree())).when(cancel("he did not want to go")).thenInvalid("reason");
  });
});

describe("CorrectSecondment", () => {
  const correct = (over: Record<string, string>): SecondmentCommand =>
    ({
      type: "CorrectSecondment",
      employeeId: EMPLOYEE,
      secondmentId: "s1",
      reason: "CORRECTION_REASON_DATE_CHANGED",
      policy: warnOnly,
      ...over,
    }) as SecondmentCommand;

  it("states the dates anew with the reason, as a new event", () => {
    const [event] = given(yearAtFirm())
      .when(correct({ endedOn: "2025-03-15" }))
      .events();
    expect(event).toMatchObject({
      type: "SecondmentCorrected",
      data: {
        startsOn: "2024-04-01",
        plannedEndOn: "2025-03-31",
        endedOn: "2025-03-15",
        reason: "CORRECTION_REASON_DATE_CHANGED",
      },
    });
  });

  it("refuses a correction that changes nothing, or an end date for a running secondment", () => {
    given(yearAtFirm())
      .when(correct({ endedOn: "2025-03-31" }))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(historyOf(agree(), start()))
      .when(correct({ endedOn: "2025-03-15" }))
      .thenRefused("SECONDMENT_NOT_ENDED");
  });

  it("keeps the rules: no overlap, no end before start, the return stays after the end", () => {
    const history = historyOf(agree(), agreeNext());
    given(history)
      .when(correct({ plannedEndOn: "2025-04-15" }))
      .thenRefused("SECONDMENTS_OVERLAP");
    given(yearAtFirm())
      .when(correct({ startsOn: "2025-04-01" }))
      .thenRefused("END_BEFORE_START");
    const returned = historyOf(
      agree(),
      start(),
      end({ returnTo: { department: "Bureau", post: "Section" } }),
    );
    const [corrected, ...rest] = given(returned)
      .when(correct({ endedOn: "2025-03-31", plannedEndOn: "2025-06-30" }))
      .events();
    expect(rest).toEqual([]);
    expect(corrected).toMatchObject({
      type: "SecondmentCorrected",
      data: {
        startsOn: "2024-04-01",
        plannedEndOn: "2025-06-30",
        endedOn: "2025-03-31",
        lengthWarnings: ["LENGTH_LIMIT_STANDARD"],
      },
    });
    expect(fold([...returned, corrected!]).secondments[0]).toMatchObject({
      status: "SECONDMENT_STATUS_RETURNED",
      plannedEndOn: "2025-06-30",
      endedOn: "2025-03-31",
      returnedOn: "2025-04-01",
    });
    // The end is the original's rule: never past the planned end; a return the day after moves with it.
    given(returned)
      .when(correct({ endedOn: "2025-04-01" }))
      .thenRefused("END_AFTER_PLANNED_END");
  });

  it("is folded into the state: later rules see the corrected dates", () => {
    const history = [
      ...yearAtFirm(),
      ...given(yearAtFirm())
        .when(correct({ endedOn: "2025-02-28" }))
        .events(),
    ];
    const [event] = given(history)
      .when(agreeNext({ plannedStartOn: "2025-03-01", plannedEndOn: "2026-02-28", agreedOn: "2025-02-01" }))
      .events();
    expect(event?.type).toBe("SecondmentAgreed");
  });
});

describe("VoidSecondmentEnd (issue 18: a wrong end recorded stays)", () => {
  it("voids the end: the secondment runs again to its planned last day, and can be ended again", () => {
    const history = historyOf(
      agree(),
      start(),
      end({ endedOn: "2024-09-30", reason: "END_REASON_EARLY_RETURN" }),
    );
    const events = given(history).when(voidEnd()).events();
    expect(events).toEqual([
      {
        type: "SecondmentEndVoided",
        data: {
          employeeId: EMPLOYEE,
          effectiveDate: "2024-09-30",
          secondmentId: "s1",
          hostId: FIRM.hostId,
          hostKind: FIRM.kind,
          voidedEndedOn: "2024-09-30",
          plannedEndOn: "2025-03-31",
          lengthWarnings: [],
          reason: "CORRECTION_REASON_CLERICAL_ERROR",
        },
      },
    ]);
    const after = [...history, ...events];
    const record = fold(after).secondments[0]!;
    expect(record).toMatchObject({ status: "SECONDMENT_STATUS_ACTIVE", plannedEndOn: "2025-03-31" });
    expect(record.endedOn).toBeUndefined();
    expect(record.endReason).toBeUndefined();
    expect(record.correctionReasons).toEqual(["CORRECTION_REASON_CLERICAL_ERROR"]);
    const [ended] = given(after).when(end()).events();
    expect(ended?.data).toMatchObject({ endedOn: "2025-03-31", reason: "END_REASON_COMPLETED" });
    // Extensions are allowed again, as for any running secondment.
    expect(given(after).when(extend()).events()[0]?.type).toBe("SecondmentExtended");
  });

  it("refuses a secondment with no end, one followed by a return or transfer, and a cancelled one", () => {
    given(historyOf(agree(), start())).when(voidEnd()).thenRefused("SECONDMENT_NOT_ENDED");
    given(historyOf(agree(), start(), end({ returnTo: { department: "Bureau", post: "Post" } })))
      .when(voidEnd())
      .thenRefused("SECONDMENT_ALREADY_FOLLOWED_UP");
    given(historyOf(agree(), start(), end(), transfer()))
      .when(voidEnd())
      .thenRefused("SECONDMENT_ALREADY_FOLLOWED_UP");
    given(historyOf(agree(), start(), end(), cancel("CANCELLATION_REASON_RECORDED_IN_ERROR")))
      .when(voidEnd())
      .thenRefused("SECONDMENT_CANCELLED");
    given(historyOf(agree())).when(voidEnd("nope")).thenNotFound();
  });

  it("refuses when the secondment would run into the next one, or past a transfer of employment", () => {
    const history = historyOf(
      agree(),
      start(),
      end({ endedOn: "2024-09-30", reason: "END_REASON_EARLY_RETURN" }),
      agreeNext({ plannedStartOn: "2024-10-01" }),
    );
    given(history).when(voidEnd()).thenRefused("SECONDMENTS_OVERLAP");
    const transferred = historyOf(
      agree(),
      start(),
      end({ endedOn: "2024-09-30", reason: "END_REASON_EARLY_RETURN" }),
      returnFrom({ returnedOn: "2024-10-01" }),
      recordTransfer({ transferredOn: "2024-12-01" }),
    );
    given([...transferred, ...given(transferred).when(voidReturn()).events()])
      .when(voidEnd())
      .thenRefused("EMPLOYEE_TRANSFERRED_OUT");
  });

  it("re-derives the warnings of the whole secondment", () => {
    const history = historyOf(
      agree({ plannedEndOn: "2025-09-30", policy: warnOnly }),
      start({ policy: warnOnly }),
      end({ endedOn: "2024-12-31", reason: "END_REASON_EARLY_RETURN" }),
    );
    const [event] = given(history)
      .when({ ...voidEnd(), policy: warnOnly } as SecondmentCommand)
      .events();
    expect(event?.data).toMatchObject({ lengthWarnings: ["LENGTH_LIMIT_STANDARD"] });
  });

  it("names a bad reason", () => {
    given(yearAtFirm())
      .when({ ...voidEnd(), reason: "CORRECTION_REASON_UNSPECIFIED" } as unknown as SecondmentCommand)
      .thenInvalid("reason");
  });
});

describe("VoidSecondmentExtension (issue 18: a wrong extension recorded stays)", () => {
  it("voids the latest extension: the planned end before it is in force, then the one before that", () => {
    const history = historyOf(
      agree(),
      start(),
      extend({ plannedEndOn: "2025-09-30", agreedOn: "2025-01-10" }),
      extend({
        plannedEndOn: "2026-03-31",
        agreedOn: "2025-06-10",
        reason: "EXTENSION_REASON_PROJECT_CONTINUED",
      }),
    );
    const events = given(history).when(voidExtension()).events();
    expect(events).toEqual([
      {
        type: "SecondmentExtensionVoided",
        data: {
          employeeId: EMPLOYEE,
          effectiveDate: "2025-06-10",
          secondmentId: "s1",
          hostId: FIRM.hostId,
          hostKind: FIRM.kind,
          voidedPlannedEndOn: "2026-03-31",
          plannedEndOn: "2025-09-30",
          lengthWarnings: [],
          reason: "CORRECTION_REASON_CLERICAL_ERROR",
        },
      },
    ]);
    const once = [...history, ...events];
    expect(fold(once).secondments[0]).toMatchObject({
      plannedEndOn: "2025-09-30",
      extensionReasons: ["EXTENSION_REASON_RENEWAL"],
      extensions: [
        { agreedOn: "2025-01-10", previousPlannedEndOn: "2025-03-31", plannedEndOn: "2025-09-30" },
      ],
    });
    const twice = [...once, ...given(once).when(voidExtension()).events()];
    expect(fold(twice).secondments[0]).toMatchObject({ plannedEndOn: "2025-03-31", extensionReasons: [] });
    given(twice).when(voidExtension()).thenRefused("SECONDMENT_NOT_EXTENDED");
  });

  it("refuses when an end recorded after the earlier planned end stays, or the planned end was corrected since", () => {
    const ended = historyOf(
      agree(),
      start(),
      extend({ plannedEndOn: "2025-09-30" }),
      end({ endedOn: "2025-06-30" }),
    );
    given(ended).when(voidExtension()).thenRefused("END_AFTER_PLANNED_END");
    const corrected = historyOf(
      agree(),
      start(),
      extend({ plannedEndOn: "2025-09-30" }),
      correct({ plannedEndOn: "2025-12-31" }),
    );
    given(corrected).when(voidExtension()).thenRefused("PLANNED_END_CORRECTED_SINCE");
  });

  it("checks the length as agreed once no extension is left, and re-derives the warnings", () => {
    // Agreed over the standard only with a warning policy; then the standard refuses (as agreeing would).
    const history = historyOf(
      agree({ policy: warnOnly }),
      start({ policy: warnOnly }),
      extend({ plannedEndOn: "2025-09-30", policy: warnOnly }),
    );
    expect(fold(history).secondments[0]?.lengthWarnings).toEqual(["LENGTH_LIMIT_STANDARD"]);
    const [event] = given(history)
      .when(voidExtension({ policy: warnOnly }))
      .events();
    expect(event?.data).toMatchObject({ plannedEndOn: "2025-03-31", lengthWarnings: [] });
  });
});
