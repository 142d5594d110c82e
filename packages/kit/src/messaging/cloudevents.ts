import type { IHeaders } from "kafkajs";
import type { StoredEvent } from "../eventstore/event-store";

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode (CONTRACTS.md): attributes travel as
 * `ce_` headers, the value is the protobuf encoding of the message `ce_type` names.
 */
export const CONTENT_TYPE_PROTOBUF = "application/protobuf";

export interface CloudEventAttributes {
  id: string;
  source: string;
  type: string;
  /** The employee id: the only personal identifier an event carries. */
  subject: string;
  time: string;
  /** Extension: the day the fact counts for HR (YYYY-MM-DD). */
  effectiveDate?: string;
  /** Extension: the event's position in its stream, for consumers that check order. */
  sequence?: string;
  /**
   * Extension: the stream the event belongs to (`ce_streamid`), so a consumer can order by `ce_sequence`
   * within it; events published before it existed have none.
   */
  streamId?: string;
}

/**
 * The Kafka key and `ce_subject` of an event: the employee it is about, or, for reference data about no
 * employee (its `employeeId` is empty, e.g. a skill map revision), its stream, so that stream stays in order.
 */
export function subjectOf(event: StoredEvent): string {
  return event.data.employeeId || event.streamId;
}

export function cloudEventHeaders(
  event: StoredEvent,
  ceType: string,
  source: string,
  trace: { traceparent?: string; tracestate?: string },
): IHeaders {
  return {
    ce_specversion: "1.0",
    ce_id: event.eventId,
    ce_source: source,
    ce_type: ceType,
    ce_subject: subjectOf(event),
    ce_time: event.recordedAt.toISOString(),
    ce_effectivedate: event.effectiveDate,
    ce_sequence: String(event.version),
    ce_streamid: event.streamId,
    "content-type": CONTENT_TYPE_PROTOBUF,
    ...(trace.traceparent ? { traceparent: trace.traceparent } : {}),
    ...(trace.tracestate ? { tracestate: trace.tracestate } : {}),
  };
}

/** Header values as strings (kafkajs hands out Buffers). */
export function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first.toString();
  }
  return out;
}

export class InvalidCloudEventError extends Error {}

/** Reads the required attributes; throws InvalidCloudEventError naming the first one missing. */
export function readCloudEvent(headers: Record<string, string>): CloudEventAttributes {
  const required = ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"] as const;
  for (const name of required) {
    if (!headers[name]) throw new InvalidCloudEventError(`header ${name} is missing`);
  }
  if (headers.ce_specversion !== "1.0") {
    throw new InvalidCloudEventError(`header ce_specversion is ${headers.ce_specversion}, expected 1.0`);
  }
  const contentType = headers["content-type"];
  if (contentType && contentType !== CONTENT_TYPE_PROTOBUF) {
    throw new InvalidCloudEventError(`content-type ${contentType} is not ${CONTENT_TYPE_PROTOBUF}`);
  }
  return {
    id: headers.ce_id!,
    source: headers.ce_source!,
    type: headers.ce_type!,
    subject: headers.ce_subject ?? "",
    time: headers.ce_time!,
    ...(headers.ce_effectivedate ? { effectiveDate: headers.ce_effectivedate } : {}),
    ...(headers.ce_sequence ? { sequence: headers.ce_sequence } : {}),
    ...(headers.ce_streamid ? { streamId: headers.ce_streamid } : {}),
  };
}
