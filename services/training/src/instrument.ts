// Imported first by main.ts, as a bare import (which import sorting never moves): the SDK must patch
// kafkajs, mongodb, http and grpc-js before anything loads them.
import { startTelemetry } from "@hr/kit/telemetry";

startTelemetry("training");
