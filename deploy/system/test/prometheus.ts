// What a Prometheus scrape of a service sees, and what the Grafana dashboard asks Prometheus for.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The series names in a Prometheus text exposition (histograms as their _bucket/_sum/_count). */
export function seriesNames(exposition: string): Set<string> {
  const names = exposition
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(/[{ ]/, 1)[0] as string);
  return new Set(names);
}

export const DASHBOARD = join(__dirname, "../../dashboards/hr-integration.json");

/** Every `hr_...` series name the dashboard's panel queries use. */
export function dashboardSeries(file = DASHBOARD): string[] {
  const dashboard = JSON.parse(readFileSync(file, "utf8")) as {
    panels: Array<{ targets?: Array<{ expr: string }> }>;
  };
  const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  return [...new Set(exprs.flatMap((expr) => expr.match(/\bhr_[a-z_]+\b/g) ?? []))].sort();
}
