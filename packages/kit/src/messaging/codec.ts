import type { DomainEvent, EventData } from "../domain/decider";

/** The parts of a ts-proto generated message this codec needs. */
export interface ProtoMessageFns<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: Partial<T> | Record<string, unknown>): T;
}

export class UnknownEventTypeError extends Error {}

/**
 * Maps stored event types to protobuf messages and back. `ce_type` is the message's fully-qualified
 * name, e.g. `hr.skills.v1.SkillAssessed` for the stored type `SkillAssessed` in package `hr.skills.v1`.
 */
export interface EventCodec {
  readonly protoPackage: string;
  ceType(eventType: string): string;
  encode(event: DomainEvent): Uint8Array;
  /** Throws UnknownEventTypeError for a type it does not know, anything else for bad bytes. */
  decode(ceType: string, value: Uint8Array): DomainEvent;
  knows(ceType: string): boolean;
}

export function protobufCodec(
  protoPackage: string,
  // biome-ignore lint/suspicious/noExplicitAny: generated message types vary per event.
  messages: Record<string, ProtoMessageFns<any>>,
  /** Where domain data and proto messages differ (e.g. enum spellings), the one place that maps them. */
  adapt: {
    toMessage?: (data: EventData) => Record<string, unknown>;
    fromMessage?: (message: Record<string, unknown>) => EventData;
  } = {},
): EventCodec {
  const toMessage = adapt.toMessage ?? ((data: EventData) => data as unknown as Record<string, unknown>);
  const fromMessage =
    adapt.fromMessage ?? ((message: Record<string, unknown>) => message as unknown as EventData);
  const prefix = `${protoPackage}.`;
  const fnsFor = (eventType: string) => {
    const fns = messages[eventType];
    if (!fns) throw new UnknownEventTypeError(`no protobuf message for event type ${prefix}${eventType}`);
    return fns;
  };
  return {
    protoPackage,
    ceType: (eventType) => prefix + eventType,
    encode: (event) => {
      const fns = fnsFor(event.type);
      return fns.encode(fns.fromPartial(toMessage(event.data))).finish();
    },
    decode: (ceType, value) => {
      if (!ceType.startsWith(prefix)) throw new UnknownEventTypeError(`unknown event type ${ceType}`);
      const type = ceType.slice(prefix.length);
      return { type, data: fromMessage(fnsFor(type).decode(value)) };
    },
    knows: (ceType) => ceType.startsWith(prefix) && ceType.slice(prefix.length) in messages,
  };
}

/**
 * One codec over several packages, for a consumer that reads several topics (hr-sync reads four). An
 * event type its package's codec does not know is reported as unknown (the consumer sends it to the
 * DLQ), exactly as with a single codec. It only decodes: publishing goes through each package's codec.
 */
export function combineCodecs(...codecs: EventCodec[]): EventCodec {
  const owner = (ceType: string) => {
    const codec = codecs.find((c) => ceType.startsWith(`${c.protoPackage}.`));
    if (!codec) throw new UnknownEventTypeError(`unknown event type ${ceType}`);
    return codec;
  };
  return {
    protoPackage: codecs.map((c) => c.protoPackage).join(","),
    ceType: (eventType) => {
      throw new Error(`a combined codec cannot name ${eventType}: it only decodes`);
    },
    encode: (event) => {
      throw new Error(`a combined codec cannot encode ${event.type}: it only decodes`);
    },
    decode: (ceType, value) => owner(ceType).decode(ceType, value),
    knows: (ceType) => codecs.some((c) => c.knows(ceType)),
  };
}
