import { protobufCodec } from "@hr/kit";
import { trainingV1 } from "@hr/proto";
import { OVERSEAS_TRAINING_EVENT_TYPES, TRAINING_RECORD_EVENT_TYPES } from "../domain";

/**
 * hr.training.v1: each domain event type is the proto message of the same name, and the domain's codes
 * are the proto enum names, so no mapping is needed. Data the proto has no field for (notes, plan texts,
 * scores) is stored but never published.
 */
export const trainingEventCodec = protobufCodec(
  "hr.training.v1",
  Object.fromEntries(
    [...TRAINING_RECORD_EVENT_TYPES, ...OVERSEAS_TRAINING_EVENT_TYPES].map((type) => [
      type,
      trainingV1[type],
    ]),
  ),
);
