import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { ASYNCAPI_FILE, asyncApiYaml } from "../src/document";

/** The AsyncAPI document other departments read: current with proto/, and valid for the AsyncAPI parser. */
const text = readFileSync(ASYNCAPI_FILE, "utf8");
let parsed: Awaited<ReturnType<Parser["parse"]>>;

// The parser runs the AsyncAPI ruleset over the whole document: seconds on a loaded machine, so once.
beforeAll(async () => {
  parsed = await new Parser().parse(text);
}, 60_000);

describe("asyncapi.yaml", () => {
  it("is what the protobuf descriptors give (run pnpm asyncapi after changing proto/)", () => {
    expect(text).toBe(asyncApiYaml());
  });

  it("is a valid AsyncAPI 3 document for @asyncapi/parser, without errors or warnings", () => {
    const { document, diagnostics } = parsed;
    // Severity 0 is an error, 1 a warning; 2 and 3 are hints (e.g. that 3.1.0 exists: 3.0.0 is kept for tools).
    const problems = diagnostics.filter((d) => d.severity <= 1);
    expect(problems.map((d) => `${d.code} ${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
  });

  it("has every topic of CONTRACTS.md, and on each a message per ce_type with the CloudEvents headers and the key", () => {
    const { document } = parsed;
    const channels = document!.channels().all();
    expect(channels.map((c) => c.address()).sort()).toEqual(
      ["hr.postings.v1", "hr.secondment.v1", "hr.skills.v1", "hr.sync.dlq.v1", "hr.training.v1"].sort(),
    );
    const training = channels.find((c) => c.address() === "hr.training.v1")!;
    const types = training
      .messages()
      .all()
      .map((m) => m.title());
    expect(types).toEqual(
      expect.arrayContaining([
        "hr.training.v1.TrainingCompleted",
        "hr.training.v1.CertificationAcquired",
        "hr.training.v1.OverseasTrainingCompleted",
      ]),
    );
    // Helper messages used inside events are schemas, not messages of their own.
    expect(types).not.toContain("hr.training.v1.Destination");
    const completed = training
      .messages()
      .all()
      .find((m) => m.title() === "hr.training.v1.TrainingCompleted")!;
    expect(completed.contentType()).toBe("application/protobuf");
    const headers = completed.headers()!.json() as { allOf: Array<{ properties?: Record<string, unknown> }> };
    expect(JSON.stringify(headers)).toContain('"ce_id"');
    expect(headers.allOf[1]?.properties?.ce_type).toEqual({ const: "hr.training.v1.TrainingCompleted" });
    expect(completed.payload()!.properties()).toHaveProperty("employeeId");
    expect(completed.bindings().get("kafka")?.value()).toMatchObject({ key: { type: "string" } });
  });
});
