import { describe, expect, it } from "vitest";
import { checkLength, DEFAULT_LENGTH_POLICY, parseLengthPolicy } from "../src/domain";

const year = { startsOn: "2024-04-01", endsOn: "2025-03-31" };

describe("length policy", () => {
  it("counts the last allowed day from the first: 12 months from 1 April end on 31 March", () => {
    expect(checkLength(DEFAULT_LENGTH_POLICY, "HOST_KIND_PRIVATE_FIRM", year, "AS_AGREED")).toEqual([]);
    expect(() =>
      checkLength(
        DEFAULT_LENGTH_POLICY,
        "HOST_KIND_PRIVATE_FIRM",
        { ...year, endsOn: "2025-04-01" },
        "AS_AGREED",
      ),
    ).toThrow(expect.objectContaining({ reason: "LONGER_THAN_STANDARD_LENGTH" }));
  });

  it("checks only the maximum after an extension", () => {
    const twoYears = { ...year, endsOn: "2026-03-31" };
    expect(checkLength(DEFAULT_LENGTH_POLICY, "HOST_KIND_PRIVATE_FIRM", twoYears, "AFTER_EXTENSION")).toEqual(
      [],
    );
  });

  it("reads a configured policy over the defaults, kind by kind", () => {
    const policy = parseLengthPolicy(
      '{"HOST_KIND_PRIVATE_FIRM": {"standard": {"months": 24, "action": "WARN"}}}',
    );
    expect(policy.HOST_KIND_PRIVATE_FIRM).toEqual({ standard: { months: 24, action: "WARN" } });
    expect(policy.HOST_KIND_AFFILIATED_BODY).toEqual(DEFAULT_LENGTH_POLICY.HOST_KIND_AFFILIATED_BODY);
  });

  it("refuses a malformed policy naming the setting", () => {
    expect(() => parseLengthPolicy('{"HOST_KIND_CASTLE": {}}')).toThrow(/lengthPolicy.HOST_KIND_CASTLE/);
    expect(() =>
      parseLengthPolicy('{"HOST_KIND_PRIVATE_FIRM": {"standard": {"months": 0, "action": "WARN"}}}'),
    ).toThrow(/standard.months/);
    expect(() =>
      parseLengthPolicy('{"HOST_KIND_PRIVATE_FIRM": {"maximum": {"months": 6, "action": "IGNORE"}}}'),
    ).toThrow(/maximum.action/);
  });
});
