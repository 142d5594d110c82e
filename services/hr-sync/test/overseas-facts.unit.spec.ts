import { fiscalYearOf } from "@hr/kit";
import { describe, expect, it } from "vitest";
import { employeeHistory, rotationTimeline } from "../src/domain";
import { E, fact } from "./facts.fixtures";

const step = (name: string, effectiveDate: string, extra: Record<string, unknown> = {}) =>
  fact(`hr.training.v1.OverseasTraining${name}`, { applicationId: "ap1", effectiveDate, ...extra });
const steps = (facts: ReturnType<typeof fact>[]) =>
  employeeHistory(E, facts).overseasSteps.map((s) => `${s.step}@${s.effectiveDate}`);

describe("overseas dispatch training: corrections and voidings of steps follow in the records", () => {
  const upToReturn = [
    step("Applied", "2024-04-15", { fiscalYear: 2024 }),
    step("Departed", "2024-10-05"),
    step("Returned", "2024-10-26"),
  ];

  it("a corrected step is dated anew (a step, not a step of its own), and can move fiscal year", () => {
    const corrected = step("StepCorrected", "2024-11-10", {
      step: "OVERSEAS_TRAINING_STEP_RETURNED",
      previousEffectiveDate: "2024-10-26",
      reasonCode: "CORRECTION_REASON_WRONG_DATE",
      reportDueOn: "2025-01-10",
    });
    expect(steps([...upToReturn, corrected])).toEqual([
      "APPLIED@2024-04-15",
      "DEPARTED@2024-10-05",
      "RETURNED@2024-11-10",
    ]);
    const presented = step("Completed", "2025-03-20", { fiscalYear: 2024 });
    const movedYear = step("StepCorrected", "2025-04-02", {
      step: "OVERSEAS_TRAINING_STEP_REPORT_PRESENTED",
    });
    expect(steps([...upToReturn, presented, movedYear])).toContain("COMPLETED@2025-04-02");
  });

  it("a voided step is gone, and counts again once recorded again", () => {
    const voided = step("StepVoided", "2024-10-26", {
      step: "OVERSEAS_TRAINING_STEP_RETURNED",
      stepNow: "OVERSEAS_TRAINING_STEP_DEPARTED",
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
    });
    expect(steps([...upToReturn, voided])).toEqual(["APPLIED@2024-04-15", "DEPARTED@2024-10-05"]);
    expect(steps([...upToReturn, voided, step("Returned", "2024-11-02")])).toContain("RETURNED@2024-11-02");
  });

  it("a voided second refinement leaves the plan refined on the first refinement's date", () => {
    const facts = [
      step("Applied", "2024-04-15"),
      step("PlanRefined", "2024-07-01", { revision: 1 }),
      step("PlanRefined", "2024-07-10", { revision: 2 }),
      step("StepVoided", "2024-07-10", {
        step: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        stepNow: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        stepStillReachedOn: "2024-07-01",
      }),
    ];
    expect(steps(facts)).toEqual(["APPLIED@2024-04-15", "PLAN_REFINED@2024-07-01"]);
  });

  it("a corrected plan's destinations are the step's countries; a date-only correction keeps them", () => {
    const dk = { name: "DTU", kind: "DESTINATION_KIND_GRADUATE_SCHOOL", countryCode: "DK", city: "" };
    const sg = { name: "GovTech", kind: "DESTINATION_KIND_GOVERNMENT_BODY", countryCode: "SG", city: "" };
    const countries = (facts: ReturnType<typeof fact>[]) =>
      employeeHistory(E, facts).overseasSteps.map((s) => `${s.step}:${s.countryCodes.join("+")}`);
    const applied = step("Applied", "2024-04-15", { fiscalYear: 2024, candidateDestinations: [dk] });
    const corrected = step("StepCorrected", "2024-04-15", {
      step: "OVERSEAS_TRAINING_STEP_APPLIED",
      previousEffectiveDate: "2024-04-15",
      candidateDestinations: [sg, dk],
    });
    expect(countries([applied, corrected])).toEqual(["APPLIED:DK+SG"]);
    const dateOnly = step("StepCorrected", "2024-04-16", { step: "OVERSEAS_TRAINING_STEP_APPLIED" });
    expect(countries([applied, corrected, dateOnly])).toEqual(["APPLIED:DK+SG"]);
  });

  it("an appointment corrected or voided: the step counts from the latest appointment left", () => {
    const booked = [
      step("Applied", "2024-04-15", { fiscalYear: 2024 }),
      step("AppointmentConfirmed", "2024-08-01"),
      step("AppointmentConfirmed", "2024-08-05"),
    ];
    const first = step("StepCorrected", "2024-07-30", {
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      appointmentNumber: 1,
      stepReachedOn: "2024-08-05",
    });
    expect(steps([...booked, first])).toContain("APPOINTMENT_CONFIRMED@2024-08-05");
    const voided = step("StepVoided", "2024-08-05", {
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      stepNow: "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED",
      appointmentNumber: 2,
      stepStillReachedOn: "2024-08-01",
    });
    expect(steps([...booked, voided])).toContain("APPOINTMENT_CONFIRMED@2024-08-01");
  });

  it("an appointment's host corrected after the certification and the report meeting: their countries follow", () => {
    const dk = { name: "DTU", kind: "DESTINATION_KIND_GRADUATE_SCHOOL", countryCode: "DK", city: "" };
    const gb = { name: "GDS", kind: "DESTINATION_KIND_GOVERNMENT_BODY", countryCode: "GB", city: "" };
    const countries = (facts: ReturnType<typeof fact>[]) =>
      employeeHistory(E, facts).overseasSteps.map((s) => `${s.step}:${s.countryCodes.join("+")}`);
    const presented = [
      step("Applied", "2024-04-15", { fiscalYear: 2024, candidateDestinations: [dk] }),
      step("AppointmentConfirmed", "2024-08-01", { destination: dk }),
      step("TraineeCertified", "2024-08-20", { plannedDestinations: [dk] }),
      step("Completed", "2024-12-10", { fiscalYear: 2024, destinationsVisited: [dk] }),
    ];
    const host = step("StepCorrected", "2024-08-01", {
      step: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
      previousEffectiveDate: "2024-08-01",
      appointmentNumber: 1,
      destination: gb,
      stepReachedOn: "2024-08-01",
      plannedDestinations: [gb],
      destinationsVisited: [gb],
    });
    expect(countries([...presented, host])).toEqual([
      "APPLIED:DK",
      "APPOINTMENT_CONFIRMED:",
      "TRAINEE_CERTIFIED:GB",
      "COMPLETED:GB",
    ]);
    // Before the report meeting only the certification lists the hosts.
    const { destinationsVisited: _, ...certifiedOnly } = host.data as Record<string, unknown>;
    const beforeMeeting = step("StepCorrected", "2024-08-01", certifiedOnly);
    expect(countries([...presented.slice(0, 3), beforeMeeting])).toEqual([
      "APPLIED:DK",
      "APPOINTMENT_CONFIRMED:",
      "TRAINEE_CERTIFIED:GB",
    ]);
  });

  describe("a group member's own entries, published to the member only", () => {
    const applied = step("Applied", "2024-04-15", { fiscalYear: 2024 });
    const timeline = (facts: ReturnType<typeof fact>[]) =>
      rotationTimeline(employeeHistory(E, facts)).overseasTraining.map((s) => `${s.step}@${s.reachedOn}`);
    // The member's own withdrawal: the application goes on without them.
    const withdrawnOn = (on: string) =>
      step("Withdrawn", on, { wholeApplication: false, reasonCode: "WITHDRAWAL_REASON_WORKLOAD" });

    it("a member's confirmation voided: no step of the application is left; confirmed again, applied again", () => {
      const voided = step("StepVoided", "2024-04-15", {
        step: "OVERSEAS_TRAINING_STEP_APPLIED",
        stepNow: "OVERSEAS_TRAINING_STEP_APPLIED",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      });
      expect(timeline([applied])).toEqual(["APPLIED@2024-04-15"]);
      expect(timeline([applied, voided])).toEqual([]);
      expect(timeline([applied, voided, step("Applied", "2024-04-15", { fiscalYear: 2024 })])).toEqual([
        "APPLIED@2024-04-15",
      ]);
    });

    it("a member's own withdrawal corrected is dated anew, into another fiscal year too", () => {
      const withdrawn = withdrawnOn("2025-03-30");
      const corrected = step("StepCorrected", "2025-04-02", {
        step: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
        previousEffectiveDate: "2025-03-30",
        reasonCode: "CORRECTION_REASON_WRONG_DATE",
        withdrawalReason: "WITHDRAWAL_REASON_PERSONAL",
      });
      expect(timeline([applied, withdrawn, corrected])).toEqual([
        "APPLIED@2024-04-15",
        "WITHDRAWN@2025-04-02",
      ]);
      const years = (facts: ReturnType<typeof fact>[]) =>
        employeeHistory(E, facts).overseasSteps.map((s) => `${s.step}:FY${fiscalYearOf(s.effectiveDate)}`);
      expect(years([applied, withdrawn])).toContain("WITHDRAWN:FY2024");
      expect(years([applied, withdrawn, corrected])).toContain("WITHDRAWN:FY2025");
    });

    it("a member's own withdrawal voided: gone, and the member's later steps count", () => {
      const withdrawn = withdrawnOn("2024-06-25");
      const voided = step("StepVoided", "2024-06-25", {
        step: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
        stepNow: "OVERSEAS_TRAINING_STEP_SCREENED",
        reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
      });
      const screened = step("Screened", "2024-06-10");
      expect(timeline([applied, screened, withdrawn, voided])).toEqual([
        "APPLIED@2024-04-15",
        "SCREENED@2024-06-10",
      ]);
      expect(
        timeline([
          applied,
          screened,
          withdrawn,
          voided,
          step("CandidateSelected", "2024-06-30", { fiscalYear: 2024 }),
        ]),
      ).toEqual(["APPLIED@2024-04-15", "SCREENED@2024-06-10", "CANDIDATE_SELECTED@2024-06-30"]);
    });
  });
});
