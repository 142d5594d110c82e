import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  fiscalYearBounds,
  fiscalYearOf,
  fiscalYearOfReiwa,
  formatIsoDate,
  isIsoDate,
  monthsSpanned,
  parseIsoDate,
  reiwaFiscalYearLabel,
  reiwaYearOfFiscalYear,
  wholeMonthsBetween,
  wholeYearsBetween,
} from "../src/domain/dates";

describe("calendar dates", () => {
  it("accepts real YYYY-MM-DD dates, leap days included", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("2023-12-31")).toBe(true);
  });

  it.each([
    "2024-02-30",
    "2023-02-29",
    "1900-02-29",
    "2024-04-31",
    "2024-13-01",
    "2024-00-10",
    "2024-01-00",
    "0000-01-01",
    "2024-1-01",
    "2024-01-01T00:00:00Z",
    " 2024-01-01",
    "20240101",
    "",
  ])("rejects %j", (value) => {
    expect(parseIsoDate(value)).toBeUndefined();
    expect(isIsoDate(value)).toBe(false);
  });

  it("rejects non-strings", () => {
    expect(isIsoDate(undefined)).toBe(false);
    expect(isIsoDate(20240101)).toBe(false);
    expect(isIsoDate(new Date())).toBe(false);
  });

  it("formats with zero padding", () => {
    expect(formatIsoDate({ year: 987, month: 3, day: 5 })).toBe("0987-03-05");
  });
});

describe("Japanese fiscal year", () => {
  it.each([
    ["2024-04-01", 2024],
    ["2025-03-31", 2024],
    ["2024-03-31", 2023],
    ["2024-12-31", 2024],
    ["2025-01-01", 2024],
  ])("%s belongs to FY%i", (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  it("refuses to guess the fiscal year of a malformed date", () => {
    expect(() => fiscalYearOf("2024-02-30")).toThrow(RangeError);
  });

  it("gives the bounds of a fiscal year", () => {
    expect(fiscalYearBounds(2024)).toEqual({ start: "2024-04-01", end: "2025-03-31" });
  });

  it("converts to and from Reiwa", () => {
    expect(reiwaYearOfFiscalYear(2022)).toBe(4);
    expect(fiscalYearOfReiwa(6)).toBe(2024);
    expect(reiwaFiscalYearLabel(2024)).toBe("令和6年度");
    expect(() => reiwaYearOfFiscalYear(2018)).toThrow(RangeError);
  });
});

describe("whole years and months between two dates", () => {
  it("counts whole months like an anniversary", () => {
    expect(wholeMonthsBetween("2024-01-15", "2024-02-14")).toBe(0);
    expect(wholeMonthsBetween("2024-01-15", "2024-02-15")).toBe(1);
    expect(wholeMonthsBetween("2024-01-31", "2024-02-29")).toBe(0);
    expect(wholeMonthsBetween("2024-01-31", "2024-03-31")).toBe(2);
    expect(wholeMonthsBetween("2024-05-01", "2024-05-01")).toBe(0);
    expect(wholeMonthsBetween("2024-03-15", "2024-01-15")).toBe(-2);
  });

  it("counts whole years (an April intake reaches one year on the next 1 April)", () => {
    expect(wholeYearsBetween("2023-04-01", "2024-03-31")).toBe(0);
    expect(wholeYearsBetween("2023-04-01", "2024-04-01")).toBe(1);
    expect(wholeYearsBetween("2019-04-01", "2025-03-31")).toBe(5);
    expect(wholeYearsBetween("2024-02-29", "2025-02-28")).toBe(0);
    expect(wholeYearsBetween("2024-02-29", "2025-03-01")).toBe(1);
  });
});

describe("addDays / addMonths / monthsSpanned", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2023-02-27", 3)).toBe("2023-03-02");
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
  });

  it("keeps the day of the month, or takes the month's last day", () => {
    expect(addMonths("2024-04-01", 12)).toBe("2025-04-01");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
  });

  it("lists every month a span touches", () => {
    expect(monthsSpanned("2024-11-15", "2025-02-01")).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
    expect(monthsSpanned("2024-04-01", "2024-04-30")).toEqual(["2024-04"]);
  });
});
