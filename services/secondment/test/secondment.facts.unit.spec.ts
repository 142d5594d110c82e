// Issue 18 items 1-4: transfers of employment on their own, every fact correctable and voidable by the
// rules of the original, length warnings from the whole secondment, year of service and period arithmetic.
import { describe, expect, it } from "vitest";
import { lastDayAfterMonths, type SecondmentCommand, secondmentView } from "../src/domain";
import {
  agree,
  agreeNext,
  correct,
  correctReturn,
  correctTransfer,
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
  voidReturn,
  voidTransfer,
  warnOnly,
  yearAtFirm,
} from "./domain-fixtures";

/** The state after `history` and the events `command` adds to it. */
const after = (history: ReturnType<typeof historyOf>, command: SecondmentCommand) =>
  fold([...history, ...given(history).when(command).events()]);

const cancelInError: SecondmentCommand = {
  type: "CancelSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  reason: "CANCELLATION_REASON_RECORDED_IN_ERROR",
};

describe("transfer of employment (転籍) on its own", () => {
  it("records TMG -> GovTech Tokyo in April 2024 from a post, with no secondment before it", () => {
    given([])
      .when(recordTransfer())
      .thenEvents([
        {
          type: "EmploymentTransferred",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-04-01",
            transferId: "t1",
            transferredOn: "2024-04-01",
            hostId: "govtech-tokyo",
            hostKind: "HOST_KIND_GOVTECH_TOKYO",
            hostName: "GovTech Tokyo",
            fromDepartment: "Digital Services Bureau",
            fromPost: "Digital Promotion Section",
          },
        },
      ]);
  });

  it("refuses one while a secondment runs, and one dated before a secondment's last day", () => {
    given(historyOf(agree(), start()))
      .when(recordTransfer({ transferredOn: "2024-10-01" }))
      .thenRefused("OPEN_SECONDMENTS_REMAIN");
    given(yearAtFirm())
      .when(recordTransfer({ transferredOn: "2025-03-31" }))
      .thenRefused("TRANSFER_BEFORE_SECONDMENT_ENDS");
    const [event] = given(yearAtFirm())
      .when(recordTransfer({ transferredOn: "2025-06-01" }))
      .events();
    expect(event).toMatchObject({ type: "EmploymentTransferred", data: { transferredOn: "2025-06-01" } });
  });

  it("refuses a transfer at the end of a secondment dated before a later secondment", () => {
    const history = historyOf(
      agree(),
      start(),
      end(),
      agreeNext(),
      start({ secondmentId: "s2", startsOn: "2025-04-01" }),
      end({ secondmentId: "s2", endedOn: "2026-03-31" }),
    );
    given(history).when(transfer()).thenRefused("TRANSFER_BEFORE_SECONDMENT_ENDS");
  });

  it("lets an earlier secondment be recorded after it, and refuses one reaching its date", () => {
    const history = historyOf(recordTransfer());
    const earlier = agree({
      plannedStartOn: "2022-04-01",
      plannedEndOn: "2023-03-31",
      agreedOn: "2022-01-10",
    });
    expect(fold([...history, ...given(history).when(earlier).events()]).secondments).toHaveLength(1);
    given(history).when(agree()).thenRefused("EMPLOYEE_TRANSFERRED_OUT");
    given(history)
      .when(recordTransfer({ transferId: "t2" }))
      .thenRefused("EMPLOYEE_TRANSFERRED_OUT");
  });

  it("voided, it no longer counts: the secondment is ended again and later secondments are accepted", () => {
    const history = historyOf(agree(), start(), end(), transfer());
    const state = after(history, voidTransfer());
    expect(state.transfers).toEqual([expect.objectContaining({ transferId: "t1", voided: true })]);
    expect(state.secondments[0]).toMatchObject({ status: "SECONDMENT_STATUS_ENDED" });
    expect(state.secondments[0]).not.toHaveProperty("transferredOn");
    const voided = [...history, ...given(history).when(voidTransfer()).events()];
    const [next] = given(voided).when(agreeNext()).events();
    expect(next?.type).toBe("SecondmentAgreed");
    given(voided).when(voidTransfer()).thenRefused("TRANSFER_VOIDED");
    given(voided)
      .when(correctTransfer({ transferredOn: "2025-05-01" }))
      .thenRefused("TRANSFER_VOIDED");
  });

  it("is corrected with full values: date, host and post left of one from a post", () => {
    const [event] = given(historyOf(recordTransfer()))
      .when(correctTransfer({ transferredOn: "2024-07-01", host: DIGITAL_AGENCY }))
      .events();
    expect(event).toEqual({
      type: "EmploymentTransferCorrected",
      data: {
        employeeId: EMPLOYEE,
        effectiveDate: "2024-07-01",
        transferId: "t1",
        transferredOn: "2024-07-01",
        hostId: "digital-agency",
        hostKind: "HOST_KIND_DIGITAL_AGENCY",
        hostName: "Digital Agency",
        fromDepartment: "Digital Services Bureau",
        fromPost: "Digital Promotion Section",
        secondmentId: "",
        reason: "CORRECTION_REASON_CLERICAL_ERROR",
      },
    });
    given(historyOf(recordTransfer())).when(correctTransfer()).thenRefused("CORRECTION_CHANGES_NOTHING");
  });

  it("at the end of a secondment: the date moves with the secondment's rules, the host is the secondment's", () => {
    const history = historyOf(agree(), start(), end(), transfer());
    expect(after(history, correctTransfer({ transferredOn: "2025-05-01" })).secondments[0]).toMatchObject({
      transferredOn: "2025-05-01",
    });
    given(history)
      .when(correctTransfer({ transferredOn: "2025-03-31" }))
      .thenRefused("NOT_AFTER_END");
    given(history)
      .when(correctTransfer({ host: GOVTECH }))
      .thenRefused("TRANSFER_FOLLOWS_SECONDMENT");
  });

  it("a secondment a transfer follows is not voided until the transfer is", () => {
    const history = historyOf(agree(), start(), end(), transfer());
    given(history).when(cancelInError).thenRefused("SECONDMENT_FOLLOWED_BY_TRANSFER");
    const voided = [...history, ...given(history).when(voidTransfer()).events()];
    expect(after(voided, cancelInError).secondments[0]).toMatchObject({
      status: "SECONDMENT_STATUS_CANCELLED",
    });
  });
});

describe("the return: corrected and voided, checked as the original", () => {
  const returned = () => historyOf(agree(), start(), end(), returnFrom());

  it("corrects its date, department and post with full values", () => {
    const command = correctReturn({ returnedOn: "2025-04-02", post: "Data Section" });
    given(returned())
      .when(command)
      .thenEvents([
        {
          type: "SecondmentReturnCorrected",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2025-04-02",
            secondmentId: "s1",
            hostId: FIRM.hostId,
            hostKind: "HOST_KIND_PRIVATE_FIRM",
            returnedOn: "2025-04-02",
            department: "Bureau of General Affairs",
            post: "Data Section",
            reason: "CORRECTION_REASON_CLERICAL_ERROR",
          },
        },
      ]);
    expect(after(returned(), command).secondments[0]).toMatchObject({
      returnedOn: "2025-04-02",
      returnedTo: { department: "Bureau of General Affairs", post: "Data Section" },
      correctionReasons: ["CORRECTION_REASON_CLERICAL_ERROR"],
    });
    given(returned())
      .when(correctReturn({ returnedOn: "2025-03-31" }))
      .thenRefused("NOT_AFTER_END");
    given(returned())
      .when(correctReturn({ post: "Personnel Section" }))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(yearAtFirm())
      .when(correctReturn({ post: "Data Section" }))
      .thenRefused("SECONDMENT_NOT_RETURNED");
  });

  it("voided, the secondment is ended again and a transfer may follow", () => {
    const state = after(returned(), voidReturn());
    expect(state.secondments[0]).toMatchObject({ status: "SECONDMENT_STATUS_ENDED" });
    expect(state.secondments[0]).not.toHaveProperty("returnedOn");
    const voided = [...returned(), ...given(returned()).when(voidReturn()).events()];
    const [event] = given(voided).when(transfer()).events();
    expect(event?.type).toBe("SecondmentTransferredOut");
  });

  it("cannot fall inside the next secondment", () => {
    const history = historyOf(agree(), start(), end(), agreeNext());
    given(history)
      .when(returnFrom({ returnedOn: "2025-06-01" }))
      .thenRefused("RETURN_DURING_SECONDMENT");
    const early = historyOf(
      agree(),
      start(),
      end({ endedOn: "2024-12-31", reason: "END_REASON_EARLY_RETURN" }),
      returnFrom({ returnedOn: "2025-01-06" }),
      agreeNext(),
    );
    given(early)
      .when(correctReturn({ returnedOn: "2025-04-15" }))
      .thenRefused("RETURN_DURING_SECONDMENT");
  });
});

describe("a corrected end keeps the record whole", () => {
  it("moves a return on the day after the end with it (no hole in the rotation record)", () => {
    const history = historyOf(
      agree(),
      start(),
      end({ returnTo: { department: "Digital Services Bureau", post: "Data Section" } }),
    );
    const events = given(history)
      .when(correct({ endedOn: "2024-12-31" }))
      .events();
    expect(events.map((e) => e.type)).toEqual(["SecondmentCorrected", "SecondmentReturnCorrected"]);
    expect(events[1]?.data).toMatchObject({ returnedOn: "2025-01-01", post: "Data Section" });
    expect(fold([...history, ...events]).secondments[0]).toMatchObject({
      endedOn: "2024-12-31",
      returnedOn: "2025-01-01",
    });
  });

  it("moves a transfer on the day after the end with it", () => {
    const history = historyOf(agree(), start(), end(), transfer());
    const events = given(history)
      .when(correct({ endedOn: "2024-12-31" }))
      .events();
    expect(events[1]).toMatchObject({
      type: "EmploymentTransferCorrected",
      data: { transferId: "t1", transferredOn: "2025-01-01", secondmentId: "s1" },
    });
  });

  it("keeps a later return where it was, and refuses an end that would reach it", () => {
    const history = historyOf(
      agree(),
      start(),
      end({ endedOn: "2024-12-31", reason: "END_REASON_EARLY_RETURN" }),
      returnFrom({ returnedOn: "2025-02-01" }),
    );
    const events = given(history)
      .when(correct({ endedOn: "2024-11-30" }))
      .events();
    expect(events.map((e) => e.type)).toEqual(["SecondmentCorrected"]);
    given(history)
      .when(correct({ endedOn: "2025-02-01" }))
      .thenRefused("CORRECTION_BREAKS_FOLLOW_UP");
  });

  it("refuses an end corrected past the planned end, as ending does", () => {
    given(yearAtFirm())
      .when(correct({ endedOn: "2025-04-15", policy: warnOnly }))
      .thenRefused("END_AFTER_PLANNED_END");
  });
});

describe("host, title at the host, home post and agreement are corrected too", () => {
  it("states them anew on the event and in the state", () => {
    const command = correct({
      host: GOVTECH,
      hostTitle: "deputy group leader",
      homePost: "General Affairs Section, attached",
    });
    const [event] = given(yearAtFirm()).when(command).events();
    expect(event).toMatchObject({
      type: "SecondmentCorrected",
      data: {
        hostId: "govtech-tokyo",
        hostKind: "HOST_KIND_GOVTECH_TOKYO",
        hostName: "GovTech Tokyo",
        hostDepartment: "Cloud Center of Excellence",
        hostTitle: "deputy group leader",
        homeDepartment: "Digital Services Bureau",
        homePost: "General Affairs Section, attached",
        agreedOn: "2024-02-15",
      },
    });
    expect(after(yearAtFirm(), command).secondments[0]).toMatchObject({
      host: GOVTECH,
      hostTitle: "deputy group leader",
      homePost: "General Affairs Section, attached",
    });
  });

  it("applies the corrected host kind's length policy", () => {
    const twoYears = historyOf(agree({ host: GOVTECH, plannedEndOn: "2026-03-31" }));
    given(twoYears)
      .when(correct({ host: FIRM }))
      .thenRefused("LONGER_THAN_STANDARD_LENGTH");
  });

  it("refuses a start before its agreement, when starting and when correcting", () => {
    given(historyOf(agree()))
      .when(start({ startsOn: "2024-02-01" }))
      .thenRefused("AGREED_AFTER_START");
    given(yearAtFirm())
      .when(correct({ startsOn: "2024-02-01" }))
      .thenRefused("AGREED_AFTER_START");
    given(yearAtFirm())
      .when(correct({ agreedOn: "2024-04-02" }))
      .thenRefused("AGREED_AFTER_START");
  });
});

describe("length warnings are re-derived from the whole secondment", () => {
  const thirtyMonths = () => historyOf(agree({ host: DIGITAL_AGENCY, plannedEndOn: "2026-09-30" }), start());

  it("a Digital Agency secondment agreed at 30 months, then extended to 10 years, still warns", () => {
    const [event] = given(thirtyMonths())
      .when(extend({ plannedEndOn: "2034-03-31" }))
      .events();
    expect(event?.data).toMatchObject({ lengthWarnings: ["LENGTH_LIMIT_STANDARD"] });
    expect(
      after(thirtyMonths(), extend({ plannedEndOn: "2034-03-31" })).secondments[0]?.lengthWarnings,
    ).toEqual(["LENGTH_LIMIT_STANDARD"]);
  });

  it("a correction within the standard clears the warning, one beyond it brings it back", () => {
    const [within] = given(thirtyMonths())
      .when(correct({ plannedEndOn: "2026-03-31" }))
      .events();
    expect(within?.data).toMatchObject({ lengthWarnings: [] });
    const [beyond] = given(thirtyMonths())
      .when(correct({ plannedEndOn: "2026-06-30" }))
      .events();
    expect(beyond?.data).toMatchObject({ lengthWarnings: ["LENGTH_LIMIT_STANDARD"] });
  });

  it("a correction of a secondment never extended is refused beyond a standard set to refuse", () => {
    given(yearAtFirm())
      .when(correct({ plannedEndOn: "2025-04-30" }))
      .thenRefused("LONGER_THAN_STANDARD_LENGTH");
    const extended = historyOf(agree(), start(), extend());
    const [event] = given(extended)
      .when(correct({ plannedEndOn: "2026-02-28" }))
      .events();
    expect(event?.data).toMatchObject({ lengthWarnings: [] });
  });
});

describe("period arithmetic and the year of service", () => {
  it("12 months from 29 February end on 28 February: a private firm's year is not refused a day early", () => {
    expect(lastDayAfterMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(lastDayAfterMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(lastDayAfterMonths("2024-04-01", 12)).toBe("2025-03-31");
    const leapDay = { plannedStartOn: "2024-02-29", agreedOn: "2024-01-10" };
    const [event] = given([])
      .when(agree({ ...leapDay, plannedEndOn: "2025-02-28" }))
      .events();
    expect(event?.data).toMatchObject({ plannedEndOn: "2025-02-28", lengthWarnings: [] });
    given([])
      .when(agree({ ...leapDay, plannedEndOn: "2025-03-01" }))
      .thenRefused("LONGER_THAN_STANDARD_LENGTH");
  });

  it("is computed when read: from a corrected first day, and from a hiring date learnt after the start", () => {
    const started = historyOf(agree(), start({ hiredOn: "2023-04-01" }));
    const record = () => fold(started).secondments[0]!;
    expect(secondmentView(record(), "2023-04-01").yearOfService).toBe(2);
    expect(secondmentView(record())).not.toHaveProperty("yearOfService");
    expect(secondmentView(record(), "2021-04-01").yearOfService).toBe(4);
    const moved = after(started, correct({ startsOn: "2025-04-01", plannedEndOn: "2026-03-31" }));
    expect(secondmentView(moved.secondments[0]!, "2023-04-01").yearOfService).toBe(3);
  });

  it("the correction event carries the year of service of the corrected first day, as known then", () => {
    const [event] = given(yearAtFirm())
      .when(
        correct({
          startsOn: "2024-03-25",
          plannedEndOn: "2025-03-24",
          endedOn: "2025-03-24",
          hiredOn: "2023-04-01",
        }),
      )
      .events();
    expect(event?.data).toMatchObject({ startsOn: "2024-03-25", yearOfService: 1 });
  });
});
