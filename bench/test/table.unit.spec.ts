import { describe, expect, it } from "vitest";
import { formatNumber, formatRatio, renderMarkdown, renderResults } from "../src/table";

describe("formatNumber", () => {
  it("groups thousands and keeps fewer decimals for larger numbers", () => {
    expect(formatNumber(12345.6)).toBe("12,346");
    expect(formatNumber(123.4)).toBe("123");
    expect(formatNumber(12.34)).toBe("12.3");
    expect(formatNumber(1.234)).toBe("1.23");
  });
  it("shows unknown values as a dash", () => {
    expect(formatNumber(undefined)).toBe("-");
    expect(formatNumber(Number.NaN)).toBe("-");
  });
});

describe("formatRatio", () => {
  it("is pipeline / baseline", () => {
    expect(formatRatio(50, 1000)).toBe("0.05x");
    expect(formatRatio(30, 10)).toBe("3.0x");
    expect(formatRatio(1500, 10)).toBe("150x");
  });
  it("is a dash when a side is missing or the baseline is zero", () => {
    expect(formatRatio(undefined, 10)).toBe("-");
    expect(formatRatio(5, 0)).toBe("-");
    expect(formatRatio(Number.NaN, 10)).toBe("-");
  });
});

describe("renderMarkdown", () => {
  it("pads columns, left-aligns text and right-aligns numbers", () => {
    expect(
      renderMarkdown(
        ["measure", "value"],
        [
          ["a", "1"],
          ["longer", "1,000"],
        ],
      ),
    ).toBe(
      ["| measure | value |", "|---------|------:|", "| a       |     1 |", "| longer  | 1,000 |"].join("\n"),
    );
  });
});

describe("renderResults", () => {
  it("renders one row per measure with the unit and the ratio", () => {
    const lines = renderResults([
      { measure: "throughput", unit: "events/s", pipeline: 10, baseline: 100 },
      { measure: "raw produce", unit: "msgs/s", pipeline: undefined, baseline: 2000 },
    ]).split("\n");
    expect(lines[0]).toMatch(/^\| measure +\| pipeline \| baseline \| ratio \|$/);
    expect(lines[2]).toMatch(/^\| throughput \(events\/s\) +\| +10\.0 \| +100 \| 0\.10x \|$/);
    expect(lines[3]).toMatch(/^\| raw produce \(msgs\/s\) +\| +- \| +2,000 \| +- \|$/);
  });
});
