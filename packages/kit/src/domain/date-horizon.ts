/**
 * The dates HR data may carry (README "Identifiers and dates"): every calendar date from the first day
 * of the horizon's first fiscal year to the last day of its last, FY1950-FY2100 unless `DATE_HORIZON`
 * says otherwise. A date outside it is bad input at every API and in hr-sync's consumer: no career
 * starts in year 1 or ends in 9999, and each record year must be one hr-sync can compute (and quickly).
 * Read once from the environment when the kit loads, so the request schemas publish the same bounds.
 */
import { fiscalYearBounds, isIsoDate } from "./dates";

export interface DateHorizon {
  firstFiscalYear: number;
  lastFiscalYear: number;
  /** First and last day: `firstFiscalYear`-04-01 and (`lastFiscalYear` + 1)-03-31. */
  first: string;
  last: string;
}

export const DEFAULT_DATE_HORIZON = "FY1950-FY2100";
/** Far enough from year 9999 that date arithmetic past the last day (a planned end, a year after) holds. */
const LATEST_FISCAL_YEAR = 9000;

/** Reads a horizon such as `FY1950-FY2100` (or `1950-2100`); throws naming the setting when malformed. */
export function parseDateHorizon(setting: string): DateHorizon {
  const match = /^(?:FY)?([0-9]{4})-(?:FY)?([0-9]{4})$/.exec(setting.trim());
  const [firstFiscalYear, lastFiscalYear] = [Number(match?.[1]), Number(match?.[2])];
  if (
    !match ||
    firstFiscalYear < 1 ||
    firstFiscalYear > lastFiscalYear ||
    lastFiscalYear > LATEST_FISCAL_YEAR
  ) {
    throw new Error(
      `DATE_HORIZON=${setting} is not a span of fiscal years FYaaaa-FYbbbb (0001 <= aaaa <= bbbb <= ${LATEST_FISCAL_YEAR})`,
    );
  }
  return {
    firstFiscalYear,
    lastFiscalYear,
    first: fiscalYearBounds(firstFiscalYear).start,
    last: fiscalYearBounds(lastFiscalYear).end,
  };
}

export const DATE_HORIZON = parseDateHorizon(process.env.DATE_HORIZON || DEFAULT_DATE_HORIZON);

/** A calendar date `YYYY-MM-DD` within the horizon. */
export function isDateInHorizon(value: unknown, horizon = DATE_HORIZON): value is string {
  return isIsoDate(value) && value >= horizon.first && value <= horizon.last;
}

/** Whether a fiscal year is within the horizon. */
export function isFiscalYearInHorizon(fiscalYear: number, horizon = DATE_HORIZON): boolean {
  return (
    Number.isInteger(fiscalYear) &&
    fiscalYear >= horizon.firstFiscalYear &&
    fiscalYear <= horizon.lastFiscalYear
  );
}

/** What a date's refusal says. */
export function dateRule(horizon = DATE_HORIZON): string {
  return `must be a calendar date YYYY-MM-DD from ${horizon.first} to ${horizon.last} (FY${horizon.firstFiscalYear}-FY${horizon.lastFiscalYear})`;
}

/**
 * The pattern of a date string within the horizon, as the request schemas state it: the first year
 * from April, the years between, the last year to March, each month with its own days. Only 29
 * February of a common year matches and is not a date (`format: date` refuses it). Days spelt per month
 * matter to generic clients: a tool drawing strings from the pattern then gets real dates, instead of
 * discarding two in three (Schemathesis's "too many examples filtered out" on a request with five dates).
 */
export function horizonDatePattern(horizon = DATE_HORIZON): string {
  const first = pad(horizon.firstFiscalYear);
  const last = pad(horizon.lastFiscalYear + 1);
  const years = [`${first}-${monthDays(4, 12)}`, `${last}-${monthDays(1, 3)}`];
  if (horizon.lastFiscalYear > horizon.firstFiscalYear) {
    years.splice(
      1,
      0,
      `${digitsBetween(pad(horizon.firstFiscalYear + 1), pad(horizon.lastFiscalYear))}-${monthDays(1, 12)}`,
    );
  }
  return `^(?:${years.join("|")})$`;
}

/** `MM-DD` for the months `from` to `to`, each with the days it can have (February up to the 29th). */
function monthDays(from: number, to: number): string {
  const days = {
    31: "(?:0[1-9]|[12][0-9]|3[01])",
    30: "(?:0[1-9]|[12][0-9]|30)",
    29: "(?:0[1-9]|[12][0-9])",
  };
  const byLength = new Map<string, string[]>();
  for (let month = from; month <= to; month++) {
    const length = month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31;
    const group = byLength.get(days[length]) ?? [];
    byLength.set(days[length], [...group, String(month).padStart(2, "0")]);
  }
  const parts = [...byLength].map(([day, months]) => `(?:${months.join("|")})-${day}`);
  return `(?:${parts.join("|")})`;
}

const pad = (year: number) => String(year).padStart(4, "0");

/** A regex matching the digit strings from `low` to `high` (of equal length), and no others. */
export function digitsBetween(low: string, high: string): string {
  if (low.length === 0) return "";
  const [l, h, rest] = [Number(low[0]), Number(high[0]), low.length - 1];
  const any = rest > 1 ? `[0-9]{${rest}}` : rest === 1 ? "[0-9]" : "";
  if (l === h) return `${l}${digitsBetween(low.slice(1), high.slice(1))}`;
  if (/^0*$/.test(low.slice(1)) && /^9*$/.test(high.slice(1))) return `[${l}-${h}]${any}`;
  const parts = [`${l}${digitsBetween(low.slice(1), "9".repeat(rest))}`];
  if (h - l > 1) parts.push(`[${l + 1}-${h - 1}]${any}`);
  parts.push(`${h}${digitsBetween("0".repeat(rest), high.slice(1))}`);
  return `(?:${parts.join("|")})`;
}
