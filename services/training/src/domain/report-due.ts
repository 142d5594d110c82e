import { daysInMonth, formatIsoDate, parseIsoDate } from "@hr/kit";

/**
 * The day a dispatch report is due: `months` calendar months after the return, on the same day of the
 * month, or the month's last day when it has no such day (returned 31 December, two months: 28/29 February).
 */
export function reportDueOn(returnedOn: string, months: number): string {
  const date = parseIsoDate(returnedOn);
  if (!date) throw new RangeError(`not a YYYY-MM-DD calendar date: ${returnedOn}`);
  const monthIndex = date.month - 1 + months;
  const year = date.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return formatIsoDate({ year, month, day: Math.min(date.day, daysInMonth(year, month)) });
}
