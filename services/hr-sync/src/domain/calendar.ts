import { fiscalYearBounds, fiscalYearOf } from "@hr/kit";

/** Calendar arithmetic on `YYYY-MM-DD` strings (UTC dates, no time zone involved). */
const DAY_MS = 86_400_000;

const toDays = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDays = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromDays(toDays(date) + days);
export const dayBefore = (date: string): string => addDays(date, -1);

/** Days from `from` to `to`, both included; 0 when `to` is before `from`. */
export const daysInclusive = (from: string, to: string): number => Math.max(0, toDays(to) - toDays(from) + 1);

export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** Average month length, to turn day counts into months for totals. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** `YYYY-MM` of every calendar month that has at least one day in [from, to]. */
export function monthsTouched(from: string, to: string): string[] {
  const out: string[] = [];
  if (to < from) return out;
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    out.push(key);
    if (key >= last) return out;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

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
