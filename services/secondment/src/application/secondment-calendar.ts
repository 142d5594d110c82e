import { addDays, fiscalYearBounds, monthsSpanned, type ReceivedEvent } from "@hr/kit";
import type { Collection, Db } from "mongodb";
import {
  atHostOn,
  evolveSecondments,
  findSecondment,
  type HostKind,
  hasStarted,
  initialSecondmentsState,
  lastDayOf,
  monthsOf,
  type SecondmentEvent,
  type SecondmentsState,
  type SecondmentView,
  secondmentView,
} from "../domain";

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
    const id = event.data.secondmentId;
    const now = findSecondment(after, id);
    const occupied = new Set(monthsOf(now));
    for (const month of new Set([...monthsOf(findSecondment(before, id)), ...occupied])) {
      const _id = `${month}|p${received.partition}`;
      const secondments = { ...(await this.months.findOne({ _id }))?.secondments };
      if (now && occupied.has(month)) secondments[id] = secondmentView(now);
      else delete secondments[id];
      await this.months.replaceOne({ _id }, { secondments }, { upsert: true });
    }
    await this.employees.replaceOne(
      { _id: employeeId },
      { version: Number.isInteger(sequence) ? sequence : (doc?.version ?? 0) + 1, state: after },
      { upsert: true },
    );
  };

  /** Who is at a host on `date` (planned ones too, for a future date), newest start first. */
  async atHostOn(date: string, hostKind?: HostKind): Promise<SecondmentView[]> {
    const found = await this.occupying(monthsSpanned(date, date));
    return found
      .filter((s) => atHostOn(s, date) && (!hostKind || s.hostKind === hostKind))
      .sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1));
  }

  /** Planned or running secondments whose planned last day is within `days` days from `asOf`. */
  async endingWithin(asOf: string, days: number): Promise<SecondmentView[]> {
    const until = addDays(asOf, days);
    const found = await this.occupying(monthsSpanned(asOf, until));
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
    for (const s of await this.occupying(monthsSpanned(start, end))) {
      if (!hasStarted(s) || lastDayOf(s) < start || s.startsOn > end) continue;
      const entry = counts.get(s.hostKind) ?? { hostKind: s.hostKind, started: 0, atHost: 0 };
      entry.atHost += 1;
      if (start <= s.startsOn) entry.started += 1;
      counts.set(s.hostKind, entry);
    }
    return [...counts.values()].sort((a, b) => a.hostKind.localeCompare(b.hostKind));
  }

  /** Every secondment occupying a day of one of `months`, once each. */
  private async occupying(months: string[]): Promise<SecondmentView[]> {
    const found = new Map<string, SecondmentView>();
    for (const month of months) {
      for (let p = 0; p < this.partitions; p++) {
        const doc = await this.months.findOne({ _id: `${month}|p${p}` });
        for (const [id, view] of Object.entries(doc?.secondments ?? {})) found.set(id, view);
      }
    }
    return [...found.values()];
  }
}
