// Decoding hr.training.v1 values with the TypeScript that ts-proto generates from proto/ (in your own
// project: generate it from the .proto files the HR department publishes, see packages/asyncapi/README.md).
import * as events from "@hr/proto/gen/hr/training/v1/events";

interface Decoder {
  decode(bytes: Uint8Array): unknown;
  toJSON(message: unknown): unknown;
}

const PACKAGE = "hr.training.v1";

function isDecoder(value: unknown): value is Decoder {
  return typeof (value as Decoder)?.decode === "function" && typeof (value as Decoder)?.toJSON === "function";
}

/** Every message of the events file by its `ce_type` (`hr.training.v1.TrainingCompleted`, ...). */
const decoders = new Map<string, Decoder>(
  Object.entries(events).flatMap(([name, value]) =>
    isDecoder(value) ? [[`${PACKAGE}.${name}`, value]] : [],
  ),
);

/**
 * The event in a value, as the proto3 JSON mapping shows it, or undefined for a type this consumer does not
 * know: new event types are added to a topic over time, and a consumer skips what it does not use.
 */
export function decodeTrainingEvent(ceType: string, value: Uint8Array): Record<string, unknown> | undefined {
  const decoder = decoders.get(ceType);
  if (!decoder) return undefined;
  return decoder.toJSON(decoder.decode(value)) as Record<string, unknown>;
}
