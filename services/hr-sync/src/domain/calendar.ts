import { addDays, fiscalYearBounds, fiscalYearOf } from "@hr/kit";

/** Calendar arithmetic on `YYYY-MM-DD` strings beside the kit's (UTC dates, no time zone involved). */
const DAY_MS = 86_400_000;
const toDays = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const dayBefore = (date: string): string => addDays(date, -1);

/** Days from `from` to `to`, both included; 0 when `to` is before `from`. */
export const daysInclusive = (from: string, to: string): number => Math.max(0, toDays(to) - toDays(from) + 1);

export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** Average month length, to turn day counts into months for totals. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Fiscal years (April–March) that [from, to] overlaps. */
export function fiscalYearsSpanned(from: string, to: string): number[] {
  const out: number[] = [];
  for (let fy = fiscalYearOf(from); fy <= fiscalYearOf(to); fy++) out.push(fy);
  return out;
}

/** The part of [from, to] inside fiscal year `fy`, or undefined when they do not meet. */
export function clipToFiscalYear(from: string, to: string, fy: number): [string, string] | undefined {
  const { start, end } = fiscalYearBounds(fy);
  const a = maxDate(from, start);
  const b = minDate(to, end);
  return a <= b ? [a, b] : undefined;
}
