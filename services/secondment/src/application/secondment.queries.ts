import { type EventStore, NotFoundError, todayInJapan } from "@hr/kit";
import {
  atHostOn,
  findSecondment,
  type HostKind,
  type SecondmentView,
  secondmentView,
  transferView,
  withYearOfService,
} from "../domain";
import type { HiringDates } from "./hiring-dates";
import { readSecondments } from "./secondment.handlers";
import type { SecondmentCalendar } from "./secondment-calendar";

const DEFAULT_PAGE_SIZE = 50;

/**
 * Queries over secondments. One employee's are folded from their own stream (short); the queries across
 * employees read the calendar read model (SecondmentCalendar), which follows the topic within moments.
 */
export class SecondmentQueries {
  constructor(
    private readonly store: EventStore,
    private readonly calendar: SecondmentCalendar,
    private readonly hiringDates: HiringDates,
  ) {}

  async get(employeeId: string, secondmentId: string): Promise<{ secondment: SecondmentView }> {
    const record = findSecondment(await this.stateOf(employeeId), secondmentId);
    if (!record) throw new NotFoundError(`no secondment ${secondmentId} for employee ${employeeId}`);
    return { secondment: secondmentView(record, await this.hiringDates.hiredOn(employeeId)) };
  }

  /** An employee's transfers of employment, voided ones included, in the order recorded. */
  async transfers(employeeId: string) {
    return { transfers: (await this.stateOf(employeeId)).transfers.map(transferView) };
  }

  /** An employee's secondments and/or who is at a host on a date; newest start first, a page at a time. */
  async list(options: {
    employeeId?: string | undefined;
    activeOn?: string | undefined;
    hostKind?: HostKind | undefined;
    pageSize?: number | undefined;
    pageToken?: string | undefined;
  }): Promise<{ secondments: SecondmentView[]; nextPageToken: string }> {
    const { employeeId, activeOn, hostKind } = options;
    let found: SecondmentView[];
    if (employeeId) {
      const all = (await this.stateOf(employeeId)).secondments.map((r) => secondmentView(r));
      found = all
        .filter((s) => (!activeOn || atHostOn(s, activeOn)) && (!hostKind || s.hostKind === hostKind))
        .sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1));
    } else {
      found = await this.calendar.atHostOn(activeOn ?? todayInJapan(), hostKind);
    }
    const one = page(found, options.pageSize || DEFAULT_PAGE_SIZE, options.pageToken);
    return { ...one, secondments: await this.withYearsOfService(one.secondments) };
  }

  async endingWithin(withinDays: number, asOf = todayInJapan()): Promise<{ secondments: SecondmentView[] }> {
    return { secondments: await this.withYearsOfService(await this.calendar.endingWithin(asOf, withinDays)) };
  }

  async counts(fiscalYear: number) {
    return { fiscalYear, counts: await this.calendar.countsIn(fiscalYear) };
  }

  private stateOf(employeeId: string) {
    return readSecondments(this.store, employeeId);
  }

  /** The year of service is computed when read: from each employee's hiring date known now (by `_id`). */
  private async withYearsOfService(views: SecondmentView[]): Promise<SecondmentView[]> {
    const hired = new Map<string, string | undefined>();
    for (const employeeId of new Set(views.map((v) => v.employeeId))) {
      hired.set(employeeId, await this.hiringDates.hiredOn(employeeId));
    }
    return views.map((v) => withYearOfService(v, hired.get(v.employeeId)));
  }
}

/** The page after `token` (an offset, as the previous page gave it; past the end, an empty page). */
function page(all: SecondmentView[], size: number, token: string | undefined) {
  const offset = token === undefined ? 0 : Number(token);
  const next = offset + size;
  return { secondments: all.slice(offset, next), nextPageToken: next < all.length ? String(next) : "" };
}
