// Imported first by main.ts: the SDK must patch kafkajs, mongodb, http and grpc-js before they load.
import { startTelemetry } from "@hr/kit/telemetry";

export const telemetry = startTelemetry("skills");
