/**
 * Calendar dates and the Japanese fiscal year, as pure functions over `YYYY-MM-DD` strings.
 * A calendar date has no time zone: it is the day HR means (an effective date, an assessment date).
 * Valid `YYYY-MM-DD` strings compare correctly as plain strings, so `a < b` orders two dates.
 */

/** A calendar date split into its parts; month and day count from 1. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a strict `YYYY-MM-DD` calendar date (year 0001–9999); `undefined` for anything else, e.g. 2024-02-30. */
export function parseIsoDate(value: unknown): CalendarDate | undefined {
  if (typeof value !== "string") return undefined;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is string {
  return parseIsoDate(value) !== undefined;
}

export function formatIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Parses a date the caller promises is valid; throws a RangeError naming it otherwise. */
function requireDate(value: string): CalendarDate {
  const date = parseIsoDate(value);
  if (!date) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(value)}`);
  return date;
}

/** Japanese fiscal year (年度): 1 April N – 31 March N+1 is FY N. */
export function fiscalYearOf(date: string): number {
  const { year, month } = requireDate(date);
  return month >= 4 ? year : year - 1;
}

/** First and last day of FY N: `{ start: "N-04-01", end: "N+1-03-31" }`. */
export function fiscalYearBounds(fiscalYear: number): { start: string; end: string } {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1 || fiscalYear > 9998) {
    throw new RangeError(`not a fiscal year: ${fiscalYear}`);
  }
  return {
    start: formatIsoDate({ year: fiscalYear, month: 4, day: 1 }),
    end: formatIsoDate({ year: fiscalYear + 1, month: 3, day: 31 }),
  };
}

/**
 * Whole months from `from` to `to`, counted like an anniversary: a month is complete when the day of
 * the month is reached again (2024-01-31 → 2024-02-29 is 0 months; → 2024-03-31 is 2). Negative when `to`
 * is before `from`.
 */
export function wholeMonthsBetween(from: string, to: string): number {
  if (to < from) return -wholeMonthsBetween(to, from);
  const a = requireDate(from);
  const b = requireDate(to);
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  return b.day < a.day ? months - 1 : months;
}

/** Whole years from `from` to `to` (2023-04-01 → 2024-03-31 is 0, → 2024-04-01 is 1). */
export function wholeYearsBetween(from: string, to: string): number {
  return Math.trunc(wholeMonthsBetween(from, to) / 12);
}

/** Reiwa (令和) era: Reiwa N is FY 2018+N (R4 = FY2022). Defined from FY2019 (Reiwa 1). */
export function reiwaYearOfFiscalYear(fiscalYear: number): number {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2019) {
    throw new RangeError(`FY${fiscalYear} is not in the Reiwa era`);
  }
  return fiscalYear - 2018;
}

export function fiscalYearOfReiwa(reiwaYear: number): number {
  if (!Number.isInteger(reiwaYear) || reiwaYear < 1) throw new RangeError(`not a Reiwa year: ${reiwaYear}`);
  return reiwaYear + 2018;
}

/** Label such as `令和6年度` for FY2024. */
export function reiwaFiscalYearLabel(fiscalYear: number): string {
  return `令和${reiwaYearOfFiscalYear(fiscalYear)}年度`;
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = requireDate(date);
  // setUTCFullYear takes the year as it is (Date.UTC would read 0099 as 1999) and rolls the days over.
  const shifted = new Date(0);
  shifted.setUTCFullYear(year, month - 1, day + days);
  return formatIsoDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/**
 * The same day `months` months later, or that month's last day when it has no such day
 * (2024-01-31 + 1 month = 2024-02-29).
 */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = requireDate(date);
  const index = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  return formatIsoDate({ ...target, day: Math.min(day, daysInMonth(target.year, target.month)) });
}

/** `YYYY-MM` of every month from the month of `from` to the month of `to`, in order. */
export function monthsSpanned(from: string, to: string): string[] {
  const months: string[] = [];
  for (
    let month = `${from.slice(0, 7)}-01`;
    month.slice(0, 7) <= to.slice(0, 7);
    month = addMonths(month, 1)
  ) {
    months.push(month.slice(0, 7));
  }
  return months;
}
