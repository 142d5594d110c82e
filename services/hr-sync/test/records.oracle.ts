import type { ReceivedEvent } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import { factOf } from "../src/application/projector";
import {
  type Classification,
  employeeHistory,
  evaluationRecords,
  type Fact,
  type RotationTimeline,
  rotationTimeline,
} from "../src/domain";

export interface EmployeeRecords {
  rotation: RotationTimeline;
  evaluations: syncV1.EvaluationRecord[];
}

/** An employee's records from a set of facts, by the pure domain functions. */
export function recordsOf(employeeId: string, facts: readonly Fact[], c: Classification): EmployeeRecords {
  const history = employeeHistory(employeeId, facts);
  return { rotation: rotationTimeline(history), evaluations: evaluationRecords(history, c) };
}

/**
 * The order the contract defines (CONTRACTS.md, README "Records are a function of the set of facts"):
 * each stream in the order it was appended, the streams merged by the `ce_time` of their next event
 * (ties by stream id). Built from the order the generator appended the events in, never from
 * `ce_sequence`, so it is what the services did, not what hr-sync makes of their headers.
 */
function contractOrder(appended: readonly ReceivedEvent[]): ReceivedEvent[] {
  const streams = new Map<string, ReceivedEvent[]>();
  for (const r of appended) streams.set(r.streamId ?? r.id, [...(streams.get(r.streamId ?? r.id) ?? []), r]);
  const queues = [...streams.entries()];
  const out: ReceivedEvent[] = [];
  while (queues.length) {
    const [, first] = queues.reduce((a, b) => {
      const [x, y] = [a[1][0]!, b[1][0]!];
      return y.time < x.time || (y.time === x.time && b[0] < a[0]) ? b : a;
    });
    out.push(first.shift()!);
    queues.splice(0, queues.length, ...queues.filter(([, q]) => q.length));
  }
  return out;
}

/**
 * The oracle: the records of the facts applied one after another in recorded order. Their `ce_time`
 * is replaced by a clock that never runs backwards, so whatever hr-sync orders facts by (time, stream
 * sequence) it applies them in exactly this order.
 */
export function recordsInOrder(
  employeeId: string,
  appended: readonly ReceivedEvent[],
  c: Classification,
): EmployeeRecords {
  const start = Date.UTC(2031, 3, 1);
  const facts = contractOrder(appended).map((received, i) => ({
    ...factOf(received),
    recordedAt: new Date(start + i * 1_000).toISOString(),
  }));
  return recordsOf(employeeId, facts, c);
}
