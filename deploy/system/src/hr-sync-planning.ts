// After the demo data, `./run up` asks hr-sync the two transfer-planning questions over gRPC with the hr-core
// role, as an HR system would (README "Transfer planning"): who in one department is due to move on 1 April,
// and who fits a post. Printed as two short tables; `./run up:check` reads them back (`readPlanningTables`).
import { credentials } from "@grpc/grpc-js";
import { signToken } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import { PLANNING_DEMO } from "./demo-careers";
import { unaryCaller } from "./grpc-call";

/** How many candidates the table shows (the heading says how many there are). */
export const CANDIDATES_SHOWN = 10;

/** The headings up:check finds the tables by; the figure after the colon is the list's `totalSize`. */
export const DUE_HEADING = /^\[up\] FY(\d+) due for rotation in (.+) \(gRPC .+\): (\d+) employees?/;
export const CANDIDATES_HEADING = /^\[up\] FY(\d+) candidates for .+ \(gRPC .+\): (\d+) employees?/;
/** A table's body row: `[up]   E1007 ...` (the column titles and the rule are not rows). */
const ROW = /^\[up\] {3}(\S+) /;

interface Service {
  name: string;
  httpUrl: string;
  grpcAddress: string;
}

/**
 * The due list and the candidate search of PLANNING_DEMO, as table lines; once hr-sync has projected every
 * demo fact (else a line saying it had not, which up:check reports).
 */
export async function hrSyncPlanning(
  services: readonly Service[],
  secret: string,
  timeoutMs = 90_000,
): Promise<string[]> {
  const hrSync = services.find((s) => s.name === "hr-sync");
  if (!hrSync) return [];
  if (!(await caughtUp(services, hrSync, timeoutMs)))
    return [
      `[up] hr-sync had not projected every demo fact after ${timeoutMs} ms: no transfer planning shown`,
    ];
  const client = new syncV1.HrSyncServiceClient(hrSync.grpcAddress, credentials.createInsecure());
  const call = unaryCaller(
    client,
    await signToken(secret, { subject: "demo-reader", roles: ["hr-core"], ttl: "10m" }),
  );
  const { fiscalYear, department, search } = PLANNING_DEMO;
  try {
    const due = await call<syncV1.ListDueForRotationRequest, syncV1.ListDueForRotationResponse>(
      client.listDueForRotation,
      { fiscalYear, department, minYearsInPost: 0, pageSize: 0, pageToken: "" },
    );
    const found = await call<syncV1.FindCandidatesRequest, syncV1.FindCandidatesResponse>(
      client.findCandidates,
      {
        fiscalYear,
        requiredSkills: search.requiredSkills.map((s) => ({ ...s })),
        skillMapRoleId: "",
        capability: search.capability as syncV1.Capability,
        minRank: postingsV1.Rank.UNSPECIFIED,
        minYearsOfService: 0,
        minYearsAsIct: 0,
        department: "",
        jobType: "",
        pageSize: CANDIDATES_SHOWN,
        pageToken: "",
      },
    );
    return [...dueTable(due), ...candidatesTable(found)];
  } finally {
    client.close();
  }
}

const rank = (r: postingsV1.Rank) =>
  r
    .replace(/^RANK_/, "")
    .toLowerCase()
    .replaceAll("_", " ");
const capability = (c: syncV1.Capability) => (c === syncV1.Capability.UNSPECIFIED ? "-" : c.slice(11));
const years = (n: number) => n.toFixed(1);

function dueTable(due: syncV1.ListDueForRotationResponse): string[] {
  const { fiscalYear, department } = PLANNING_DEMO;
  const rows = due.employees.map((f) => {
    const b = f.capabilityBalance;
    const short = f.targetRoleSkillsShort.length;
    return [
      f.employeeId,
      `${f.post?.post ?? ""} ${rank(f.post?.rank ?? postingsV1.Rank.UNSPECIFIED)}`,
      f.post?.inPostSince ?? "",
      years(f.post?.yearsInPost ?? 0),
      `${years(f.yearsOfService)} / ${years(f.yearsAsIct)}`,
      `${b?.dqPercent ?? 0}% / ${b?.gqPercent ?? 0}%`,
      capability(f.capabilityToStrengthen),
      f.targetRoleId
        ? `${f.targetRoleId}${short ? `, ${short} skill${short === 1 ? "" : "s"} short` : ""}`
        : "-",
      f.certifications.map((c) => c.certificationCode).join(", ") || "-",
      f.evaluationAtTransferDueOn || "-",
    ];
  });
  return [
    `[up] FY${fiscalYear} due for rotation in ${department} (gRPC hr.sync.v1.HrSyncService/ListDueForRotation, role hr-core): ${due.totalSize} employee${due.totalSize === 1 ? "" : "s"} ${due.minYearsInPost}+ years in post on 1 April ${fiscalYear}`,
    ...table(
      [
        "employee",
        "post",
        "in post since",
        "years",
        "service / ICT",
        "DQ / GQ",
        "strengthen",
        "target role",
        "certified",
        "evaluation at transfer",
      ],
      rows,
    ),
  ];
}

function candidatesTable(found: syncV1.FindCandidatesResponse): string[] {
  const { fiscalYear, search } = PLANNING_DEMO;
  const asked = found.candidates[0]?.requirements ?? [];
  const titles = asked.map((r) =>
    r.kind === syncV1.RequirementKind.SKILL
      ? `${r.required} >= ${r.requiredValue}`
      : `short of ${r.required.slice(11)}`,
  );
  const rows = found.candidates.map((c) => [
    c.facts?.employeeId ?? "",
    c.facts?.post?.department ?? "",
    `${c.requirementsMet} / ${c.requirementsTotal}`,
    ...c.requirements.map((r) => `${r.fact} ${r.met ? "yes" : "no"}`),
    String(new Set(c.requirements.flatMap((r) => r.evidence.map((e) => e.eventId))).size),
  ]);
  const shown = found.totalSize > rows.length ? ` (the first ${rows.length})` : "";
  return [
    `[up] FY${fiscalYear} candidates for ${search.what} (gRPC hr.sync.v1.HrSyncService/FindCandidates, role hr-core): ${found.totalSize} employee${found.totalSize === 1 ? "" : "s"} meeting a requirement${shown}`,
    ...table(["employee", "department on 1 April", "met", ...titles, "events"], rows),
    "[up] each fact comes with the events behind it: FindCandidates over gRPC, or the page /pages/planning/candidates",
  ];
}

/** Columns a terminal shows a character in: two for the wide (CJK, full-width) ones. */
const width = (text: string) =>
  [...text].reduce(
    (n, ch) =>
      n +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );

/** Rows under their titles, each column as wide as its widest cell, every line prefixed `[up]   `. */
function table(titles: string[], rows: string[][]): string[] {
  const widths = titles.map((t, i) => Math.max(width(t), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    `[up]   ${cells.map((c, i) => c + " ".repeat((widths[i] ?? 0) - width(c))).join("  ")}`.trimEnd();
  return [line(titles), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/**
 * Whether hr-sync has projected everything the demo recorded, within `timeoutMs`: first every service's
 * outbox is empty (each event is on Kafka), then hr-sync's consumer group has handled every message of its
 * topics (`hr_consumer_lag`, from its committed offsets). Read from each service's `/metrics`.
 */
async function caughtUp(services: readonly Service[], hrSync: Service, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const backlogs = await Promise.all(services.map((s) => seriesSum(s.httpUrl, "hr_outbox_backlog")));
    if (backlogs.every((b) => b === 0) && (await seriesSum(hrSync.httpUrl, "hr_consumer_lag")) === 0)
      return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** A series' sum over its labels in a service's Prometheus text; undefined when unreadable or absent. */
async function seriesSum(httpUrl: string, name: string): Promise<number | undefined> {
  const text = await fetch(`${httpUrl}/metrics`).then(
    (r) => (r.ok ? r.text() : ""),
    () => "",
  );
  const values = text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) =>
      Number(
        line
          .slice(line.lastIndexOf("}") + 1)
          .trim()
          .split(" ")[0],
      ),
    );
  return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
}

/** The planning tables `./run up` printed: each heading's total and the employees of its rows. */
export function readPlanningTables(lines: readonly string[]) {
  const tableAfter = (heading: RegExp) => {
    const at = lines.findIndex((line) => heading.test(line));
    if (at < 0) return undefined;
    const total = Number(heading.exec(lines[at] as string)?.at(-1));
    // Titles and rule first, then the rows, up to the first line that is not the table's.
    const body = lines.slice(at + 3);
    const end = body.findIndex((line) => !ROW.test(line));
    const rows = (end < 0 ? body : body.slice(0, end)).map((line) => ROW.exec(line)?.[1] as string);
    return { heading: lines[at] as string, total, employees: rows };
  };
  return { due: tableAfter(DUE_HEADING), candidates: tableAfter(CANDIDATES_HEADING) };
}
