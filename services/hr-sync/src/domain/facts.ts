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
  /** `ce_streamid`: the owning service's stream; absent on events published before the header existed. */
  streamId?: string;
  /** The protobuf message as ts-proto decodes it (enums as their proto names). */
  data: Record<string, unknown>;
}

export type EventRef = syncV1.EventRef;

export const refOf = (fact: Fact): EventRef => ({
  eventId: fact.id,
  eventType: fact.type,
  effectiveDate: fact.effectiveDate,
});

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Within one stream: its sequence (ties, which a stream never has, by id so the order stays total). */
const bySequence = (a: Fact, b: Fact) => a.sequence - b.sequence || compare(a.id, b.id);

/** Between the next facts of two streams: time, then stream id, then sequence and id (facts without a stream). */
const byTime = (a: Fact, b: Fact) =>
  compare(a.recordedAt, b.recordedAt) || compare(a.streamId ?? "", b.streamId ?? "") || bySequence(a, b);

/**
 * The facts (each `ce_id` once) in the order the owning services recorded them. Within a stream by its
 * sequence, so a correction comes after the fact it corrects whatever the clocks of the replicas that
 * appended them said. Streams have no order between them, so they are merged by the time of each one's
 * next fact (ties by stream id): a comparator taking sequence within a stream and time across streams is
 * not transitive when clocks differ, a merge is a total order. A fact without a stream id (published
 * before `ce_streamid`) is a stream of its own: placed by time, then sequence, then id. The result depends
 * on the set of facts only, never on the order they arrived in.
 */
export function inRecordedOrder(facts: readonly Fact[]): Fact[] {
  const streams = new Map<string, Fact[]>();
  for (const fact of new Map(facts.map((f) => [f.id, f])).values()) {
    const key = fact.streamId ? `stream:${fact.streamId}` : `fact:${fact.id}`;
    streams.set(key, [...(streams.get(key) ?? []), fact]);
  }
  const queues = [...streams.values()].map((stream) => stream.sort(bySequence));
  const out: Fact[] = [];
  while (queues.length) {
    let next = 0;
    for (let i = 1; i < queues.length; i++) if (byTime(queues[i]![0]!, queues[next]![0]!) < 0) next = i;
    out.push(queues[next]!.shift()!);
    if (!queues[next]!.length) queues.splice(next, 1);
  }
  return out;
}

/** Adds a reference once, keeping references in recorded order. */
export function withRef(evidence: readonly EventRef[], fact: Fact): EventRef[] {
  return evidence.some((r) => r.eventId === fact.id) ? [...evidence] : [...evidence, refOf(fact)];
}
