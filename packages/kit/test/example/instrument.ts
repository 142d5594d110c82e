// Imported first, as a bare import, by a spec that reads the kit's metrics: instruments are made from the
// global meter provider when the kit is loaded, as in a service's main.ts.
import { startTelemetry } from "../../src/telemetry";

process.env.OTEL_TRACES_EXPORTER ??= "none"; // metrics only: no collector to send spans to
startTelemetry("kit-test");
