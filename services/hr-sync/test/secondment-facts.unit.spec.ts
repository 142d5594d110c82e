// hr-sync follows every secondment fact the secondment service can record (issue 18 items 1-2): a transfer
// of employment from a post, corrections and voidings of transfers and returns, corrected hosts and posts.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CLASSIFICATION,
  employeeHistory,
  evaluationRecords,
  type Fact,
  rotationRecordAsOf,
  rotationTimeline,
} from "../src/domain";
import { E, fact, posting, secondmentEnded, secondmentStarted, shuffled } from "./facts.fixtures";

const timelineOf = (facts: readonly Fact[]) => rotationTimeline(employeeHistory(E, facts));
const statusOn = (facts: readonly Fact[], asOf: string) =>
  rotationRecordAsOf(timelineOf(facts), asOf, DEFAULT_CLASSIFICATION).currentStatus;

/** Delivered in other orders, some twice, the facts give the records they give in order. */
function expectSameRecordsInAnyOrder(facts: readonly Fact[], redelivered: readonly Fact[]) {
  const recordsOf = (delivered: readonly Fact[]) => ({
    rotation: timelineOf(delivered),
    evaluations: evaluationRecords(employeeHistory(E, delivered), DEFAULT_CLASSIFICATION),
  });
  const expected = recordsOf(facts);
  for (const seed of [1, 2, 3, 4, 5]) {
    expect(recordsOf(shuffled([...facts, ...redelivered], seed))).toEqual(expected);
  }
}

const transferred = (transferredOn: string) =>
  fact("hr.secondment.v1.EmploymentTransferred", {
    effectiveDate: transferredOn,
    transferId: "t1",
    transferredOn,
    hostId: "govtech-tokyo",
    hostKind: "HOST_KIND_GOVTECH_TOKYO",
    hostName: "GovTech Tokyo",
    fromDepartment: "デジタルサービス局",
    fromPost: "デジタル推進課",
  });
const transferCorrected = (transferredOn: string, secondmentId = "") =>
  fact("hr.secondment.v1.EmploymentTransferCorrected", {
    effectiveDate: transferredOn,
    transferId: "t1",
    transferredOn,
    hostId: "govtech-tokyo",
    hostKind: "HOST_KIND_GOVTECH_TOKYO",
    hostName: "GovTech Tokyo",
    fromDepartment: secondmentId ? "" : "デジタルサービス局",
    fromPost: secondmentId ? "" : "デジタル推進課",
    secondmentId,
  });
const transferVoided = (effectiveDate: string, secondmentId = "") =>
  fact("hr.secondment.v1.EmploymentTransferVoided", { effectiveDate, transferId: "t1", secondmentId });

describe("a transfer of employment (転籍) from a post", () => {
  const inPost = posting("p1", "2021-04-01", { department: "デジタルサービス局", post: "デジタル推進課" });

  it("given TMG -> GovTech Tokyo in April 2024, then the record shows it and the employee transferred out", () => {
    const facts = [inPost, transferred("2024-04-01")];
    expect(timelineOf(facts).transferOfEmployment).toMatchObject({
      transferredOn: "2024-04-01",
      hostKind: "HOST_KIND_GOVTECH_TOKYO",
      hostName: "GovTech Tokyo",
      fromDepartment: "デジタルサービス局",
      fromPost: "デジタル推進課",
      secondmentId: "",
    });
    expect(timelineOf(facts).secondments).toEqual([]);
    expect(statusOn(facts, "2024-03-31")).toMatchObject({ status: "EMPLOYMENT_STATUS_IN_POST" });
    expect(statusOn(facts, "2024-04-01")).toMatchObject({
      status: "EMPLOYMENT_STATUS_TRANSFERRED_OUT",
      since: "2024-04-01",
      hostName: "GovTech Tokyo",
    });
  });

  it("given its correction, then the record follows the corrected date", () => {
    const facts = [inPost, transferred("2024-04-01"), transferCorrected("2024-07-01")];
    expect(timelineOf(facts).transferOfEmployment?.transferredOn).toBe("2024-07-01");
    expect(statusOn(facts, "2024-05-01")).toMatchObject({ status: "EMPLOYMENT_STATUS_IN_POST" });
  });

  it("given its voiding, then the employee is in post again and the record has no transfer", () => {
    const facts = [inPost, transferred("2024-04-01"), transferVoided("2024-04-01")];
    expect(timelineOf(facts)).not.toHaveProperty("transferOfEmployment");
    expect(statusOn(facts, "2024-05-01")).toMatchObject({
      status: "EMPLOYMENT_STATUS_IN_POST",
      department: "デジタルサービス局",
    });
  });
});

describe("a transfer at the end of a secondment", () => {
  const seconded = [
    posting("p1", "2021-04-01"),
    secondmentStarted("s1", "2024-04-01", "2025-03-31"),
    secondmentEnded("s1", "2025-03-31"),
    fact("hr.secondment.v1.SecondmentTransferredOut", {
      secondmentId: "s1",
      effectiveDate: "2025-04-01",
      transferredOn: "2025-04-01",
      transferId: "t1",
      hostKind: "HOST_KIND_GOVTECH_TOKYO",
      hostName: "GovTech Tokyo",
    }),
  ];

  it("given its correction, then the outcome stays and the status follows the new date", () => {
    const facts = [...seconded, transferCorrected("2025-05-01", "s1")];
    expect(timelineOf(facts).secondments[0]?.outcome).toBe("SECONDMENT_OUTCOME_TRANSFER_OF_EMPLOYMENT");
    expect(statusOn(facts, "2025-04-15")).toMatchObject({ status: "EMPLOYMENT_STATUS_IN_POST" });
    expect(statusOn(facts, "2025-05-01")).toMatchObject({
      status: "EMPLOYMENT_STATUS_TRANSFERRED_OUT",
      since: "2025-05-01",
    });
  });

  it("given its voiding, then the secondment no longer ends in a transfer", () => {
    const facts = [...seconded, transferVoided("2025-04-01", "s1")];
    expect(timelineOf(facts).secondments[0]?.outcome).not.toBe("SECONDMENT_OUTCOME_TRANSFER_OF_EMPLOYMENT");
    expect(statusOn(facts, "2025-05-01")?.status).not.toBe("EMPLOYMENT_STATUS_TRANSFERRED_OUT");
  });
});

describe("corrections of a secondment's return, host and posts", () => {
  const returned = [
    secondmentStarted("s1", "2024-04-01", "2025-03-31"),
    secondmentEnded("s1", "2025-03-31"),
    fact("hr.secondment.v1.SecondmentReturned", {
      secondmentId: "s1",
      effectiveDate: "2025-04-01",
      returnedOn: "2025-04-01",
      department: "デジタルサービス局",
      post: "データ利活用課",
    }),
  ];

  it("given the return corrected, then the period shows the corrected post", () => {
    const facts = [
      ...returned,
      fact("hr.secondment.v1.SecondmentReturnCorrected", {
        secondmentId: "s1",
        effectiveDate: "2025-04-01",
        returnedOn: "2025-04-01",
        department: "総務局",
        post: "人事課",
      }),
    ];
    expect(timelineOf(facts).secondments[0]).toMatchObject({
      returnedToDepartment: "総務局",
      returnedToPost: "人事課",
      outcome: "SECONDMENT_OUTCOME_RETURNED",
    });
  });

  it("given the return voided, then the period has no post returned to", () => {
    const facts = [
      ...returned,
      fact("hr.secondment.v1.SecondmentReturnVoided", { secondmentId: "s1", effectiveDate: "2025-04-01" }),
    ];
    expect(timelineOf(facts).secondments[0]).toMatchObject({ returnedToDepartment: "", returnedToPost: "" });
  });

  it("given the host, title and home post corrected, then rotation and evaluation records follow", () => {
    const corrected = fact("hr.secondment.v1.SecondmentCorrected", {
      secondmentId: "s1",
      effectiveDate: "2024-04-01",
      startsOn: "2024-04-01",
      plannedEndOn: "2025-03-31",
      endedOn: "2025-03-31",
      hostId: "digital-agency",
      hostKind: "HOST_KIND_DIGITAL_AGENCY",
      hostName: "デジタル庁",
      hostTitle: "課長補佐",
      homeDepartment: "デジタルサービス局",
      homePost: "総務課付（派遣）",
    });
    const facts = [...returned, corrected];
    expect(timelineOf(facts).secondments[0]).toMatchObject({
      hostKind: "HOST_KIND_DIGITAL_AGENCY",
      hostName: "デジタル庁",
      titleAtHost: "課長補佐",
      homePost: "総務課付（派遣）",
    });
    const fy2024 = evaluationRecords(employeeHistory(E, facts), DEFAULT_CLASSIFICATION).find(
      (r) => r.fiscalYear === 2024,
    );
    expect(fy2024?.secondmentMonthsByHostKind.map((m) => m.hostKind)).toEqual(["HOST_KIND_DIGITAL_AGENCY"]);
    // A correction recorded before host fields existed leaves them as they were.
    const older = fact("hr.secondment.v1.SecondmentCorrected", {
      secondmentId: "s1",
      effectiveDate: "2024-04-01",
      startsOn: "2024-04-01",
      plannedEndOn: "2025-03-31",
      endedOn: "2025-02-28",
      hostKind: "HOST_KIND_GOVTECH_TOKYO",
    });
    expect(timelineOf([...facts, older]).secondments[0]).toMatchObject({
      hostName: "デジタル庁",
      endedOn: "2025-02-28",
    });
  });

  it("given the new facts in any delivery order, then the same records", () => {
    const facts = [
      posting("p1", "2021-04-01"),
      ...returned,
      fact("hr.secondment.v1.SecondmentReturnCorrected", {
        secondmentId: "s1",
        effectiveDate: "2025-04-02",
        returnedOn: "2025-04-02",
        department: "総務局",
        post: "人事課",
      }),
      transferred("2026-04-01"),
      transferCorrected("2026-07-01"),
    ];
    expectSameRecordsInAnyOrder(facts, facts.slice(0, 3));
  });
});

describe("a voided end or extension of a secondment (issue 18)", () => {
  const extended = fact("hr.secondment.v1.SecondmentExtended", {
    secondmentId: "s1",
    effectiveDate: "2025-01-10",
    previousPlannedEndOn: "2025-03-31",
    plannedEndOn: "2026-03-31",
  });
  const seconded = [
    posting("p1", "2021-04-01"),
    secondmentStarted("s1", "2024-04-01", "2025-03-31"),
    extended,
    secondmentEnded("s1", "2024-09-30"),
  ];
  const endVoided = fact("hr.secondment.v1.SecondmentEndVoided", {
    secondmentId: "s1",
    effectiveDate: "2024-09-30",
    voidedEndedOn: "2024-09-30",
    plannedEndOn: "2026-03-31",
  });
  const extensionVoided = fact("hr.secondment.v1.SecondmentExtensionVoided", {
    secondmentId: "s1",
    effectiveDate: "2025-01-10",
    voidedPlannedEndOn: "2026-03-31",
    plannedEndOn: "2025-03-31",
  });
  const monthsIn = (facts: readonly Fact[], fiscalYear: number) =>
    evaluationRecords(employeeHistory(E, facts), DEFAULT_CLASSIFICATION)
      .find((r) => r.fiscalYear === fiscalYear)
      ?.secondmentMonthsByHostKind.reduce((sum, m) => sum + m.months, 0) ?? 0;

  it("given the end voided, then the secondment runs to its planned end again in both records", () => {
    expect(statusOn(seconded, "2024-12-01")?.status).toBe("EMPLOYMENT_STATUS_IN_POST");
    const facts = [...seconded, endVoided];
    expect(timelineOf(seconded).secondments[0]?.endedOn).toBe("2024-09-30");
    expect(timelineOf(facts).secondments[0]?.endedOn).toBe("");
    expect(statusOn(facts, "2024-12-01")?.status).toBe("EMPLOYMENT_STATUS_ON_SECONDMENT");
    expect(statusOn(facts, "2026-03-01")?.status).toBe("EMPLOYMENT_STATUS_ON_SECONDMENT");
    expect(monthsIn(seconded, 2024)).toBe(6);
    expect(monthsIn(facts, 2024)).toBe(12);
    expect(monthsIn(facts, 2025)).toBe(12);
  });

  it("given the extension voided too, then the planned end before it is the secondment's", () => {
    const facts = [...seconded, endVoided, extensionVoided];
    expect(timelineOf(facts).secondments[0]).toMatchObject({ plannedEndOn: "2025-03-31" });
    expect(statusOn(facts, "2025-03-31")?.status).toBe("EMPLOYMENT_STATUS_ON_SECONDMENT");
    expect(monthsIn(facts, 2024)).toBe(12);
    expect(monthsIn(facts, 2025)).toBe(0);
  });

  it("given the voidings in any delivery order, then the same records", () => {
    const facts = [...seconded, endVoided, extensionVoided];
    expectSameRecordsInAnyOrder(facts, facts.slice(2));
  });
});
