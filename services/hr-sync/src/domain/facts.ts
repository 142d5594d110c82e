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
    const stream = streams.get(key);
    if (stream) stream.push(fact);
    else streams.set(key, [fact]);
  }
  // The merge takes the stream whose next fact comes first by `byTime` (a total order on distinct
  // facts, so the choice is the same whatever the streams' order); a heap keeps it O(n log streams).
  const heads = new StreamHeap(
    [...streams.values()].map((stream) => ({ facts: stream.sort(bySequence), at: 0 })),
  );
  const out: Fact[] = [];
  for (let queue = heads.first(); queue; queue = heads.first()) {
    out.push(queue.facts[queue.at++]!);
    if (queue.at < queue.facts.length) heads.replaceFirst(queue);
    else heads.removeFirst();
  }
  return out;
}

interface Queue {
  facts: Fact[];
  at: number;
}

/** A binary min-heap of streams by their next fact (`byTime`). */
class StreamHeap {
  constructor(private readonly items: Queue[]) {
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  first(): Queue | undefined {
    return this.items[0];
  }

  replaceFirst(queue: Queue): void {
    this.items[0] = queue;
    this.down(0);
  }

  removeFirst(): void {
    const last = this.items.pop()!;
    if (this.items.length) this.replaceFirst(last);
  }

  private before(i: number, j: number): boolean {
    const a = this.items[i]!;
    const b = this.items[j]!;
    return byTime(a.facts[a.at]!, b.facts[b.at]!) < 0;
  }

  private down(i: number): void {
    const { items } = this;
    for (;;) {
      const left = 2 * i + 1;
      let least = i;
      if (left < items.length && this.before(left, least)) least = left;
      if (left + 1 < items.length && this.before(left + 1, least)) least = left + 1;
      if (least === i) return;
      [items[i], items[least]] = [items[least]!, items[i]!];
      i = least;
    }
  }
}

/** Adds a reference once, keeping references in recorded order. */
export function withRef(evidence: readonly EventRef[], fact: Fact): EventRef[] {
  return evidence.some((r) => r.eventId === fact.id) ? [...evidence] : [...evidence, refOf(fact)];
}
