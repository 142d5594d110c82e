import {
  addDays,
  bulkWriteBounded,
  DATE_HORIZON,
  fiscalYearBounds,
  monthsSpanned,
  type ReceivedEvent,
} from "@hr/kit";
import type { AnyBulkWriteOperation, Collection, Db, UpdateFilter } from "mongodb";
import {
  atHostOn,
  evolveSecondments,
  findSecondment,
  type HostKind,
  hasStarted,
  initialSecondmentsState,
  lastDayOf,
  type SecondmentEvent,
  type SecondmentRecord,
  type SecondmentsState,
  type SecondmentView,
  secondmentView,
  spanOf,
} from "../domain";

/**
 * `YYYY-MM` of every month from `from` to `to` within the kit's date horizon (DATE_HORIZON, FY1950-FY2100
 * by default): the calendar keeps no month outside it, so one event writes at most 12 documents per year
 * of the horizon (1,812 by default), and no month after 9999-12 is ever computed. Events recorded before
 * the APIs refused such dates may still reach beyond it.
 */
function calendarMonths(from: string, to: string): string[] {
  const start = from < DATE_HORIZON.first ? DATE_HORIZON.first : from;
  const end = to > DATE_HORIZON.last ? DATE_HORIZON.last : to;
  return start > end ? [] : monthsSpanned(start, end);
}

/** Months (`YYYY-MM`) of the horizon the secondment occupies; none once cancelled. */
function monthsOf(record: SecondmentRecord | undefined): string[] {
  if (!record || record.status === "SECONDMENT_STATUS_CANCELLED") return [];
  const span = spanOf(record);
  return calendarMonths(span.startsOn, span.endsOn);
}

/** One employee's secondments as projected so far, with the stream position reached. */
interface EmployeeDocument {
  _id: string;
  version: number;
  state: SecondmentsState;
}

/**
 * A month of the calendar for the employees of one partition of hr.secondment.v1: every secondment that
 * occupies a day of the month, by id. `_id` is `2024-04|p3`.
 */
interface MonthDocument {
  _id: string;
  secondments: Record<string, SecondmentView>;
}

/**
 * Read model for the queries across employees (who is where on a date, what ends soon, counts per fiscal
 * year), kept from the service's own topic by a ProjectionConsumer. Every read and write is by `_id` and a
 * query reads a fixed number of small documents (months × partitions), whatever the length of history.
 *
 * Single writer per document without transactions: an employee's events come in order on one partition,
 * and each partition is handled by one consumer one message at a time; a month document is per partition
 * for that reason. The employee document is written last, so a crash before it means the event comes again
 * and is applied again to the same month documents (idempotent); `ce_sequence` at or below the version
 * reached means the event was applied.
 */
export class SecondmentCalendar {
  private readonly employees: Collection<EmployeeDocument>;
  private readonly months: Collection<MonthDocument>;

  constructor(
    db: Db,
    /** Partitions of hr.secondment.v1: a query reads each partition's month document. */
    private readonly partitions: number,
  ) {
    this.employees = db.collection<EmployeeDocument>("calendar_employees");
    this.months = db.collection<MonthDocument>("calendar_months");
  }

  readonly project = async (received: ReceivedEvent): Promise<void> => {
    const event = received.event as SecondmentEvent;
    const employeeId = event.data.employeeId;
    const sequence = Number(received.sequence);
    const doc = await this.employees.findOne({ _id: employeeId });
    if (doc && Number.isInteger(sequence) && sequence <= doc.version) return;
    const before = doc?.state ?? initialSecondmentsState();
    const after = evolveSecondments(before, event);
    // Every secondment the event changed (evolve keeps the others as they were; a transfer's correction
    // or voiding changes the secondment it follows).
    const changed = after.secondments.filter((s) => !before.secondments.includes(s));
    const writes = changed.flatMap((now) =>
      monthWrites(received.partition, now, monthsOf(findSecondment(before, now.secondmentId))),
    );
    // Each month gets or loses this secondment by `_id`, unread, in commands of a bounded size: one update
    // command of more than 100 statements on months that exist never ends on FerretDB (bulkWriteBounded).
    await bulkWriteBounded(this.months, writes);
    await this.employees.replaceOne(
      { _id: employeeId },
      { version: Number.isInteger(sequence) ? sequence : (doc?.version ?? 0) + 1, state: after },
      { upsert: true },
    );
  };

  /** Who is at a host on `date` (planned ones too, for a future date), newest start first. */
  async atHostOn(date: string, hostKind?: HostKind): Promise<SecondmentView[]> {
    const found = await this.occupying(calendarMonths(date, date));
    return found
      .filter((s) => atHostOn(s, date) && (!hostKind || s.hostKind === hostKind))
      .sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1));
  }

  /** Planned or running secondments whose planned last day is within `days` days from `asOf`. */
  async endingWithin(asOf: string, days: number): Promise<SecondmentView[]> {
    const until = addDays(asOf, days);
    const found = await this.occupying(calendarMonths(asOf, until));
    return found
      .filter(
        (s) =>
          (s.status === "SECONDMENT_STATUS_PLANNED" || s.status === "SECONDMENT_STATUS_ACTIVE") &&
          asOf <= s.plannedEndOn &&
          s.plannedEndOn <= until,
      )
      .sort((a, b) => (a.plannedEndOn < b.plannedEndOn ? -1 : 1));
  }

  /** Per host kind: secondments started in the fiscal year, and those at the host on any day of it. */
  async countsIn(fiscalYear: number): Promise<{ hostKind: HostKind; started: number; atHost: number }[]> {
    const { start, end } = fiscalYearBounds(fiscalYear);
    const counts = new Map<HostKind, { hostKind: HostKind; started: number; atHost: number }>();
    for (const s of await this.occupying(calendarMonths(start, end))) {
      if (!hasStarted(s) || lastDayOf(s) < start || s.startsOn > end) continue;
      const entry = counts.get(s.hostKind) ?? { hostKind: s.hostKind, started: 0, atHost: 0 };
      entry.atHost += 1;
      if (start <= s.startsOn) entry.started += 1;
      counts.set(s.hostKind, entry);
    }
    return [...counts.values()].sort((a, b) => a.hostKind.localeCompare(b.hostKind));
  }

  /** Every secondment occupying a day of one of `months`, once each (the year plan is not on the topic). */
  private async occupying(months: string[]): Promise<SecondmentView[]> {
    const found = new Map<string, SecondmentView>();
    for (const month of months) {
      for (let p = 0; p < this.partitions; p++) {
        const doc = await this.months.findOne({ _id: `${month}|p${p}` });
        // Views written before the fold defaulted the year plan hold null, which gRPC cannot encode.
        for (const [id, view] of Object.entries(doc?.secondments ?? {})) {
          found.set(id, { ...view, yearPlan: view.yearPlan ?? [] });
        }
      }
    }
    return [...found.values()];
  }
}

/**
 * The writes that put `now` in the months it occupies and take it out of the months it occupied before
 * and no longer does: `$set`/`$unset` of its own field, so the month document need not be read first.
 */
function monthWrites(
  partition: number,
  now: SecondmentRecord,
  monthsBefore: readonly string[],
): AnyBulkWriteOperation<MonthDocument>[] {
  // The driver's types do not follow a computed path into a record: the shape is MonthDocument's.
  const field = `secondments.${now.secondmentId}`;
  const set = { $set: { [field]: secondmentView(now) } } as UpdateFilter<MonthDocument>;
  const unset = { $unset: { [field]: "" } } as UpdateFilter<MonthDocument>;
  const occupied = new Set(monthsOf(now));
  return [
    ...[...occupied].map((month) => ({
      updateOne: {
        filter: { _id: `${month}|p${partition}` },
        update: set,
        upsert: true,
      },
    })),
    ...monthsBefore
      .filter((month) => !occupied.has(month))
      .map((month) => ({
        updateOne: { filter: { _id: `${month}|p${partition}` }, update: unset },
      })),
  ];
}
