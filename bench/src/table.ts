/** Rendering of the result table: pure, so the layout is unit-tested. */

export interface Row {
  measure: string;
  pipeline: number | undefined;
  baseline: number | undefined;
  unit: string;
}

/** A number for a table cell: thousands grouped, fewer decimals the larger it is; "-" when unknown. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "-";
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** pipeline / baseline, e.g. `0.12x`; "-" when either side is missing. */
export function formatRatio(pipeline: number | undefined, baseline: number | undefined): string {
  if (pipeline === undefined || baseline === undefined) return "-";
  if (!Number.isFinite(pipeline) || !Number.isFinite(baseline) || baseline === 0) return "-";
  const ratio = pipeline / baseline;
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

/** A Markdown table with padded columns (readable in a terminal, pasteable into a README). */
export function renderMarkdown(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => i > 0 && rows.every((r) => /^[-\d.,x ]*$/.test(r[i] ?? "")));
  const cell = (text: string, i: number) =>
    numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (cells: readonly string[]) =>
    `| ${headers.map((_, i) => cell(cells[i] ?? "", i)).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** The result table: `| measure | pipeline | baseline | ratio |`. */
export function renderResults(rows: readonly Row[]): string {
  return renderMarkdown(
    ["measure", "pipeline", "baseline", "ratio"],
    rows.map((r) => [
      `${r.measure} (${r.unit})`,
      formatNumber(r.pipeline),
      formatNumber(r.baseline),
      formatRatio(r.pipeline, r.baseline),
    ]),
  );
}
