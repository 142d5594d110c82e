import type { syncV1 } from "@hr/proto";

/**
 * One event as hr-sync keeps it: what the CloudEvents headers said about it and its decoded message.
 * Records are a pure function of an employee's set of facts, so the order and the number of times the
 * facts arrived cannot change them.
 */
export interface Fact {
  /** `ce_id`: the same on every redelivery. */
  id: string;
  /** `ce_type`, e.g. `hr.skills.v1.SkillAssessed`. */
  type: string;
  employeeId: string;
  /** The day the fact counts for HR (YYYY-MM-DD): it decides the fiscal year. */
  effectiveDate: string;
  /** `ce_time`: when the owning service recorded it. */
  recordedAt: string;
  /** `ce_sequence`: position in the owning service's stream (0 when not sent). */
  sequence: number;
  /** The protobuf message as ts-proto decodes it (enums as their proto names). */
  data: Record<string, unknown>;
}

export type EventRef = syncV1.EventRef;

export const refOf = (fact: Fact): EventRef => ({
  eventId: fact.id,
  eventType: fact.type,
  effectiveDate: fact.effectiveDate,
});

/**
 * The order in which the owning services recorded the facts: a correction is always recorded after the
 * fact it corrects, whatever order the topics delivered them in. Ties (one command's events share a time)
 * go by stream position, then by id, so the order is total and the same on every replay.
 */
export function recordedOrder(a: Fact, b: Fact): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Adds a reference once, keeping references in recorded order. */
export function withRef(evidence: readonly EventRef[], fact: Fact): EventRef[] {
  return evidence.some((r) => r.eventId === fact.id) ? [...evidence] : [...evidence, refOf(fact)];
}
