import type { ReceivedEvent } from "@hr/kit";
import type { Collection, Db } from "mongodb";
import { type HiringDate, hiringDateAfter, type SkillsEvent } from "../domain";

interface HiringDateDocument extends HiringDate {
  /** The employee id. */
  _id: string;
}

/**
 * Read model of hiring dates, kept from hr.skills.v1 by a ProjectionConsumer: one small document per
 * employee, read and written by `_id`. Events of one employee arrive in order on one partition and are
 * handled one at a time, so the read-then-write has a single writer; a redelivered event gives the same
 * document again.
 */
export class HiringDates {
  private readonly dates: Collection<HiringDateDocument>;

  constructor(db: Db) {
    this.dates = db.collection<HiringDateDocument>("hiring_dates");
  }

  async hiredOn(employeeId: string): Promise<string | undefined> {
    return (await this.dates.findOne({ _id: employeeId }))?.hiredOn;
  }

  readonly project = async (received: ReceivedEvent): Promise<void> => {
    const employeeId = received.event.data.employeeId;
    const doc = await this.dates.findOne({ _id: employeeId });
    const current = doc ? { changeId: doc.changeId, hiredOn: doc.hiredOn } : undefined;
    const next = hiringDateAfter(current, received.event as SkillsEvent);
    if (next === current) return;
    if (next) await this.dates.replaceOne({ _id: employeeId }, next, { upsert: true });
    else await this.dates.deleteOne({ _id: employeeId });
  };
}
