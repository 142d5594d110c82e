import { CommandInput } from "@hr/kit";

/** Fields that carry a calendar date, by the events' naming (`effective_date`, `starts_on`, ...). */
const DATE_FIELD = /(?:Date|On)$/;

/**
 * Checks an event's employee id and every date it carries by the rules every producing API applies
 * (the kit's `CommandInput`, README "Identifiers and dates"), before anything of it is stored: a
 * violating event is refused whole (a ValidationError: to the DLQ as `invalid`), never half projected,
 * and no record key, index or listing is ever built from an id or a year the store or the records
 * cannot hold. Unset dates (proto3's empty string) are not dates to check.
 */
export function checkEventInput(
  employeeId: unknown,
  effectiveDate: unknown,
  data: Record<string, unknown>,
): asserts effectiveDate is string {
  const input = new CommandInput()
    .employeeId("employee_id", employeeId)
    .date("effective_date", effectiveDate);
  for (const [field, date] of datesIn(data)) input.date(field, date);
  input.check();
}

function* datesIn(value: unknown, path = ""): Generator<[string, unknown]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* datesIn(item, `${path}[${i}]`);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (DATE_FIELD.test(key) && item !== "" && item !== undefined) yield [field, item];
      else yield* datesIn(item, field);
    }
  }
}
