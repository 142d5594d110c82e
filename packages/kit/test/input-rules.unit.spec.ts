import { Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import {
  CommandInput,
  calendarDateSchema,
  DATE_HORIZON,
  digitsBetween,
  EmployeeId,
  horizonDatePattern,
  Id,
  isDateInHorizon,
  isEmployeeId,
  isId,
  parseDateHorizon,
  textSchema,
  textViolation,
  ValidationError,
  validate,
} from "../src";

/** The violations the domain's checks give for one field, as `field: message`. */
function refusedByDomain(check: (input: CommandInput) => CommandInput): string[] {
  try {
    check(new CommandInput()).check();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).violations.map((v) => `${v.field}: ${v.message}`);
  }
}

const refusedBySchema = (schema: Parameters<typeof validate>[0], value: unknown) => {
  try {
    validate(Type.Object({ value: schema }), { value });
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return true;
  }
};

const HOSTILE = [
  "Z9.DOT9",
  "E\u00001",
  "E1\u202e",
  "E 1",
  " E1",
  "E1\n",
  "E\u00071",
  "$gt",
  "a/../b",
  "Ｅ1",
  "é1",
];

describe("ids (README: Identifiers and dates)", () => {
  it.each(["E1001", "HS0001", "e2300001", "PAR1G", "s-1_2", "9", "A".repeat(32)])(
    "employee id %j is one",
    (id) => {
      expect(isEmployeeId(id)).toBe(true);
      expect(refusedBySchema(EmployeeId, id)).toBe(false);
      expect(refusedByDomain((i) => i.employeeId("employeeId", id))).toEqual([]);
    },
  );

  it.each([...HOSTILE, "A".repeat(33), ""])("employee id %j is refused by schema and domain alike", (id) => {
    expect(isEmployeeId(id)).toBe(false);
    expect(refusedBySchema(EmployeeId, id)).toBe(true);
    expect(refusedByDomain((i) => i.employeeId("employeeId", id))).toEqual([
      `employeeId: ${id === "" ? "is required" : "must be 1 to 32 letters, digits, - or _"}`,
    ]);
  });

  it("other ids follow the same characters up to 64, long enough for pst-<uuid> and request ids", () => {
    const ids = [`pst-${crypto.randomUUID()}`, crypto.randomUUID(), "demo-tr-apply-E2300001", "x".repeat(64)];
    for (const id of ids) expect([isId(id), refusedBySchema(Id("id"), id)]).toEqual([true, false]);
    for (const id of [...HOSTILE, "x".repeat(65)]) {
      expect([isId(id), refusedBySchema(Id("id"), id)]).toEqual([false, true]);
      expect(refusedByDomain((i) => i.id("postingId", id))).toEqual([
        "postingId: must be 1 to 64 letters, digits, - or _",
      ]);
    }
  });
});

describe("free text", () => {
  const one = textSchema("A department", 200, { required: true });
  const many = textSchema("A note", 1000, { multiline: true });
  const cases: [string, string, { line: boolean; lines: boolean; visible: boolean }][] = [
    ["Japanese", "デジタルサービス局 総務部", { line: true, lines: true, visible: true }],
    ["an emoji", "🎉", { line: true, lines: true, visible: true }],
    ["inner spaces and an LRM mark", "a b\u200e", { line: true, lines: true, visible: true }],
    ["two lines", "first\nsecond\r\nthird\tcol", { line: false, lines: true, visible: true }],
    ["NUL", "a\u0000b", { line: false, lines: false, visible: true }],
    ["BEL", "a\u0007", { line: false, lines: false, visible: true }],
    ["an ANSI colour", "\u001b[31mred", { line: false, lines: false, visible: true }],
    ["DEL", "a\u007f", { line: false, lines: false, visible: true }],
    ["a C1 control (CSI)", "a\u009b", { line: false, lines: false, visible: true }],
    ["a right-to-left override", "E1\u202etxt.exe", { line: false, lines: false, visible: true }],
    ["a first-strong isolate", "\u2068a", { line: false, lines: false, visible: true }],
    ["only a zero-width space", "\u200b", { line: true, lines: true, visible: false }],
    ["only spaces and a BOM", " \u3000\ufeff", { line: true, lines: true, visible: false }],
    ["only line breaks", "\n\n", { line: false, lines: true, visible: false }],
  ];

  it.each(cases)("%s: schema and domain agree", (_what, text, expected) => {
    const asLine = textViolation(text, { required: true });
    const asLines = textViolation(text, { multiline: true });
    expect({
      line: textViolation(text) === undefined,
      lines: asLines === undefined,
      visible: textViolation(text, { required: true, multiline: true }) !== "must hold a visible character",
    }).toEqual(expected);
    expect(refusedBySchema(one, text)).toBe(asLine !== undefined);
    expect(refusedBySchema(many, text)).toBe(asLines !== undefined);
    expect(refusedByDomain((i) => i.text("department", text, { required: true, max: 200 })).length).toBe(
      asLine === undefined ? 0 : 1,
    );
  });

  it("matches in linear time, even on long hostile text", () => {
    const started = performance.now();
    for (const text of [
      `${"a".repeat(100_000)}\u0000`,
      `${" ".repeat(100_000)}\u0000`,
      "\u200b".repeat(100_000),
    ]) {
      expect(textViolation(text, { required: true })).toBeDefined();
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("dates within the horizon", () => {
  it("is FY1950-FY2100 by default: 1950-04-01 to 2101-03-31", () => {
    expect(DATE_HORIZON).toEqual(parseDateHorizon("FY1950-FY2100"));
    expect([DATE_HORIZON.first, DATE_HORIZON.last]).toEqual(["1950-04-01", "2101-03-31"]);
  });

  it.each([
    ["1950-04-01", true],
    ["2024-02-29", true],
    ["2101-03-31", true],
    ["1950-03-31", false],
    ["2101-04-01", false],
    ["0001-03-31", false],
    ["0001-04-01", false],
    ["9999-04-01", false],
    ["2023-02-29", false],
    ["2024-04-31", false],
  ])("%s within: %s, by schema and domain alike", (date, within) => {
    expect(isDateInHorizon(date)).toBe(within);
    expect(refusedBySchema(calendarDateSchema("A day"), date)).toBe(!within);
    expect(refusedByDomain((i) => i.date("effectiveDate", date))).toEqual(
      within
        ? []
        : ["effectiveDate: must be a calendar date YYYY-MM-DD from 1950-04-01 to 2101-03-31 (FY1950-FY2100)"],
    );
  });

  it("states every horizon exactly as a pattern: each day of years 0001-9999 checked against the bounds", () => {
    for (const setting of ["FY1950-FY2100", "1999-1999", "0001-0099", "2000-2999", "1989-9000"]) {
      const horizon = parseDateHorizon(setting);
      const pattern = new RegExp(horizonDatePattern(horizon), "u");
      for (let year = 1; year <= 9999; year += year < 2200 ? 1 : 7) {
        for (const md of ["01-01", "03-31", "04-01", "12-31"]) {
          const date = `${String(year).padStart(4, "0")}-${md}`;
          expect(pattern.test(date), `${setting} ${date}`).toBe(isDateInHorizon(date, horizon));
        }
      }
    }
  });

  it("spells each month's days: every string the pattern matches is a date, but 29 February of a common year", () => {
    const pattern = new RegExp(horizonDatePattern(), "u");
    for (const year of [1950, 1951, 2000, 2023, 2024, 2100, 2101]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 39; day++) {
          const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          const leapDay = month === 2 && day === 29 && isDateInHorizon(`${year}-02-28`);
          expect(pattern.test(date), date).toBe(isDateInHorizon(date) || leapDay);
        }
      }
    }
  });

  it("spells a range of digit strings as a regex matching exactly that range", () => {
    for (const [low, high] of [
      ["0000", "9999"],
      ["1951", "2100"],
      ["0123", "0129"],
      ["1999", "2000"],
      ["5", "5"],
    ]) {
      const regex = new RegExp(`^${digitsBetween(low!, high!)}$`);
      for (let n = 0; n < 10 ** low!.length; n++) {
        const digits = String(n).padStart(low!.length, "0");
        expect(regex.test(digits), `${low}-${high}: ${digits}`).toBe(n >= Number(low) && n <= Number(high));
      }
    }
  });

  it.each(["", "1950", "FY2100-FY1950", "FY0000-FY2000", "1950-9999", "FY1950..FY2100"])(
    "refuses the setting %j, naming it",
    (setting) => {
      expect(() => parseDateHorizon(setting)).toThrow(/DATE_HORIZON/);
    },
  );
});
