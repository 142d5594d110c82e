/**
 * The pages as server-rendered HTML. Charts are drawn in the browser by Chart.js from data embedded as
 * JSON; every chart has a table with the same content beside it (screen readers, keyboard, no script).
 */
import { DATE_HORIZON } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import { displayName, type NamedCode } from "../domain/display-names";
import { esc, jsonScript, list } from "./html";
import { formatDate, formatFiscalYear, formatNumber, type Lang, type Words, wordsFor } from "./i18n";

type EventRef = syncV1.EventRef;

/** The name people read for a code (job type, skill, role), in the page's language. */
export const namer = (lang: Lang) => (kind: NamedCode, code: string) => displayName(kind, code, lang);

export function layout(lang: Lang, title: string, main: string, options: { live?: boolean } = {}): string {
  const w = wordsFor(lang);
  const other = lang === "ja" ? { lang: "en", label: "English" } : { lang: "ja", label: "日本語" };
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} | ${esc(w.appName)}</title>
<link rel="stylesheet" href="/pages/assets/pages.css">
<script src="/pages/assets/chart.umd.min.js" defer></script>
<script src="/pages/assets/pages.js" defer></script>
</head>
<body${options.live ? ' data-live="true"' : ""}>
<a class="skip" href="#main">${esc(w.skip)}</a>
<header>
<p class="app">${esc(w.appName)}</p>
<nav aria-label="${esc(w.pages)}" class="pages">
<a href="/pages/departments?lang=${lang}">${esc(w.departmentPage)}</a>
<a href="/pages/planning?lang=${lang}">${esc(w.planning.page)}</a>
</nav>
<nav aria-label="${lang === "ja" ? "言語とアカウント" : "Language and account"}">
<a href="?lang=${other.lang}" lang="${other.lang}" data-keep-path>${other.label}</a>
<form method="post" action="/pages/sign-out"><button type="submit">${esc(w.signOut)}</button></form>
</nav>
</header>
<main id="main" tabindex="-1">
<h1>${esc(title)}</h1>
${options.live ? `<p class="live" role="status" aria-live="polite" data-updated="${esc(w.updated)}">${esc(w.live)}</p>` : ""}
${main}
</main>
</body>
</html>`;
}

export function signInPage(lang: Lang, error = ""): string {
  const w = wordsFor(lang);
  return layout(
    lang,
    w.signIn,
    `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<p>${esc(w.signInHelp)}</p>
<form method="post" action="/pages/sign-in?lang=${lang}" class="sign-in">
<label for="token">${esc(w.token)}</label>
<textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false"></textarea>
<button type="submit">${esc(w.submit)}</button>
</form>`,
  );
}

/** `detail`: what was wrong with the request (a bad input names its field), shown for 400 only. */
export function errorPage(
  lang: Lang,
  status: number,
  options: { tokenSignIn: boolean },
  detail = "",
): string {
  const w = wordsFor(lang);
  const text = w.errors[status] ?? String(status);
  const signIn =
    status === 401 && options.tokenSignIn
      ? `<p><a href="/pages/sign-in?lang=${lang}">${esc(w.signIn)}</a></p>`
      : "";
  const why = status === 400 && detail ? `<p><code>${esc(detail)}</code></p>` : "";
  return layout(lang, text, `<p role="alert">${esc(text)}</p>${why}${signIn}`);
}

/** One figure that opens to the events behind it (a native <details>: keyboard and screen reader work). */
export function evidence(w: Words, lang: Lang, summary: string, refs: readonly EventRef[]): string {
  if (!refs.length) return `<span>${esc(summary)}</span>`;
  return `<details class="evidence"><summary>${esc(summary)}</summary>
<table><caption>${esc(w.events)}</caption>
<thead><tr><th scope="col">${esc(w.eventId)}</th><th scope="col">${esc(w.eventType)}</th><th scope="col">${esc(w.effectiveDate)}</th></tr></thead>
<tbody>${list(refs, (r) => `<tr><td><code>${esc(r.eventId)}</code></td><td>${esc(r.eventType)}</td><td>${esc(formatDate(r.effectiveDate, lang))}</td></tr>`)}</tbody>
</table></details>`;
}

/**
 * The timeline rows Chart.js draws: [row, label, from, to, host kind for the colour]. Entries of a day
 * (overseas training steps, certifications) have `from === to`; the chart draws those rows as points.
 */
interface TimelineEntry {
  row: string;
  label: string;
  from: string;
  to: string;
  hostKind?: string;
}

function timelineEntries(record: syncV1.RotationRecord, w: Words, lang: Lang): TimelineEntry[] {
  const today = record.asOf;
  const name = namer(lang);
  return [
    ...record.assignments.map((a) => ({
      row: w.posting,
      label: `${a.department} ${a.post}`,
      from: a.startedOn,
      to: a.endedOn || today,
    })),
    ...record.jobTypeHistory.map((j) => ({
      row: w.jobType,
      label: name("jobType", j.jobType),
      from: j.effectiveDate,
      to: j.endedOn || today,
    })),
    ...record.secondments.map((s) => ({
      row: w.secondment,
      label: `${s.hostName}（${w.hostKind[s.hostKind] ?? s.hostKind}）${s.titleAtHost}`,
      from: s.startsOn,
      to: s.endedOn || s.plannedEndOn || today,
      hostKind: s.hostKind,
    })),
    ...record.overseasTraining.map((o) => ({
      row: w.overseas,
      label: `${o.step} ${o.countryCodes.join(", ")}`,
      from: o.reachedOn,
      to: o.reachedOn,
    })),
    ...record.certifications.map((c) => ({
      row: w.certification,
      label: c.certificationName ? `${c.certificationName}（${c.certificationCode}）` : c.certificationCode,
      from: c.acquiredOn,
      to: c.acquiredOn,
    })),
  ];
}

export function employeePage(
  lang: Lang,
  record: syncV1.RotationRecord,
  fiscalYears: readonly number[],
): string {
  const w = wordsFor(lang);
  const status = record.currentStatus;
  const where = status?.hostName
    ? `${status.hostName}（${w.hostKind[status.hostKind] ?? ""}）`
    : `${status?.department ?? ""} ${status?.post ?? ""}`;
  const balance = record.capabilityBalance;
  const entries = timelineEntries(record, w, lang);
  const q = `?lang=${lang}`;
  return layout(
    lang,
    `${w.employeePage}: ${record.employeeId}`,
    `<section aria-labelledby="status-h"><h2 id="status-h">${esc(w.currentStatus)}</h2>
<dl class="facts">
<dt>${esc(w.currentStatus)}</dt><dd data-testid="status">${esc(w.status[status?.status ?? ""] ?? "")}: ${esc(where)}</dd>
<dt>${esc(w.since)}</dt><dd>${esc(formatDate(status?.since ?? "", lang))}</dd>
<dt>${esc(w.jobType)}</dt><dd data-testid="job-type">${esc(namer(lang)("jobType", record.jobType))}</dd>
</dl></section>
<section aria-labelledby="timeline-h"><h2 id="timeline-h">${esc(w.timeline)}</h2>
<div class="chart"><canvas id="timeline" role="img" aria-label="${esc(w.timeline)}: ${esc(w.timelineTable)}"></canvas></div>
${jsonScript("timeline-data", { entries, hostKinds: w.hostKind, rows: [w.posting, w.jobType, w.secondment, w.overseas, w.certification], pointRows: [w.overseas, w.certification] })}
<table class="timeline"><caption>${esc(w.timelineTable)}</caption>
<thead><tr><th scope="col">${esc(w.row)}</th><th scope="col">${esc(w.what)}</th><th scope="col">${esc(w.from)}</th><th scope="col">${esc(w.to)}</th></tr></thead>
<tbody>${list(entries, (e) => `<tr${e.hostKind ? ` class="secondment" data-host-kind="${esc(e.hostKind)}"` : ""}><td>${esc(e.row)}</td><td>${esc(e.label)}</td><td>${esc(formatDate(e.from, lang))}</td><td>${esc(e.to === record.asOf ? w.present : formatDate(e.to, lang))}</td></tr>`)}</tbody>
</table></section>
<section aria-labelledby="balance-h"><h2 id="balance-h">${esc(w.balance)}</h2>
<dl class="facts">
<dt>DQ</dt><dd>${formatNumber(balance?.dqMonths ?? 0, lang)} ${esc(w.months)}（${formatNumber(balance?.dqPercent ?? 0, lang)}%）</dd>
<dt>GQ</dt><dd>${formatNumber(balance?.gqMonths ?? 0, lang)} ${esc(w.months)}（${formatNumber(balance?.gqPercent ?? 0, lang)}%）</dd>
<dt>${esc(w.unclassified)}</dt><dd>${formatNumber(balance?.unclassifiedMonths ?? 0, lang)} ${esc(w.months)}</dd>
</dl></section>
<section aria-labelledby="eval-h"><h2 id="eval-h">${esc(w.evaluations)}</h2>
<ul class="years">${list(fiscalYears, (fy) => `<li><a href="/pages/employees/${encodeURIComponent(record.employeeId)}/evaluations/${fy}${q}">${esc(formatFiscalYear(fy, lang))}</a></li>`)}</ul>
</section>`,
    { live: true },
  );
}

export function evaluationPage(lang: Lang, r: syncV1.EvaluationRecord): string {
  const w = wordsFor(lang);
  const n = (v: number) => formatNumber(v, lang);
  const date = (d: string) => formatDate(d, lang);
  const name = namer(lang);
  const group = (id: string, heading: string, items: string[]) =>
    `<section aria-labelledby="${id}"><h2 id="${id}">${esc(heading)}</h2>${
      items.length
        ? `<ul class="figures">${items.map((i) => `<li>${i}</li>`).join("")}</ul>`
        : `<p>${esc(w.none)}</p>`
    }</section>`;
  return layout(
    lang,
    `${w.evaluationPage}: ${r.employeeId} ${formatFiscalYear(r.fiscalYear, lang)}`,
    `<p class="note" role="note">${esc(w.evidenceNote)}</p>
<dl class="facts"><dt>${esc(w.department)}</dt><dd>${esc(r.department)}</dd></dl>
${group(
  "training",
  `${w.training}: ${n(r.completionCount)}（${w.trainingHours} ${n(r.trainingHours)} ${w.hours}）`,
  r.completionList.map((c) =>
    evidence(w, lang, `${c.courseTitle} ${n(c.hours)} ${w.hours} ${date(c.completedOn)}`, c.evidence),
  ),
)}
${group(
  "certifications",
  w.certifications,
  r.certificationList.map((c) =>
    evidence(w, lang, `${c.certificationName || c.certificationCode} ${date(c.acquiredOn)}`, c.evidence),
  ),
)}
${group(
  "subsidies",
  w.subsidies,
  r.subsidies.map((s) =>
    evidence(w, lang, `${s.kind} ${n(Number(s.amountYen))}円 ${date(s.grantedOn)}`, s.evidence),
  ),
)}
${group(
  "skills",
  w.skills,
  r.skillLevels.map((s) =>
    evidence(w, lang, `${name("skill", s.skillId)}: ${s.levelAtStart} → ${s.levelAtEnd}`, s.evidence),
  ),
)}
${group(
  "target-role",
  w.targetRole,
  r.targetRole
    ? [
        evidence(
          w,
          lang,
          `${name("role", r.targetRole.roleId)}: ${
            r.targetRole.meetsAll
              ? w.meetsTargetRole
              : `${w.skillsShort} ${r.targetRole.skillsShort.map((id) => name("skill", id)).join("、")}`
          }`,
          r.targetRole.evidence,
        ),
      ]
    : [],
)}
${group(
  "secondment",
  `${w.secondmentMonths}: ${n(r.secondmentMonths)} ${w.months}`,
  r.secondmentMonthsByHostKind.map((s) =>
    evidence(w, lang, `${w.hostKind[s.hostKind] ?? s.hostKind}: ${n(s.months)} ${w.months}`, s.evidence),
  ),
)}
${group(
  "overseas",
  w.overseasSteps,
  r.overseasTrainingSteps.map((o) => evidence(w, lang, `${o.step} ${date(o.reachedOn)}`, o.evidence)),
)}
${group(
  "job-types",
  w.jobTypeChanges,
  r.jobTypeChanges.map((c) =>
    evidence(
      w,
      lang,
      `${c.fromJobType ? name("jobType", c.fromJobType) : "—"} → ${name("jobType", c.toJobType)} ${date(c.effectiveDate)}`,
      c.evidence,
    ),
  ),
)}
${group(
  "transfer",
  w.atTransfer,
  r.evaluationsAtTransfer.map((e) => evidence(w, lang, `${e.department} ${date(e.dueOn)}`, e.evidence)),
)}
${group(
  "surveys",
  w.surveys,
  r.surveyEffects.map((s) =>
    evidence(w, lang, `${s.courseId}: ${n(s.preScore)} → ${n(s.postScore)}`, s.evidence),
  ),
)}
<p><a href="/pages/employees/${encodeURIComponent(r.employeeId)}?lang=${lang}">${esc(w.employeePage)}</a></p>`,
    { live: true },
  );
}

type Kpis = syncV1.DepartmentKpis;
type Unit = "count" | "hours" | "yen" | "score";
/** Each KPI with its unit: a chart compares one unit only (hours beside counts would flatten either). */
const KPI_FIELDS: ReadonlyArray<[keyof Kpis & string, Unit]> = [
  ["employeeCount", "count"],
  ["completions", "count"],
  ["trainingHours", "hours"],
  ["certifications", "count"],
  ["subsidies", "count"],
  ["subsidyAmountYen", "yen"],
  ["overseasTrainees", "count"],
  ["employeesWithSkillGains", "count"],
  ["employeesWithAssessedSkills", "count"],
  ["employeesWithTargetRole", "count"],
  ["employeesMeetingTargetRole", "count"],
  ["averageSurveyChange", "score"],
  ["surveyResults", "count"],
];
/** The units charted, one chart each; a score change (may be negative, a mean) stays in the table. */
const CHARTED: readonly Unit[] = ["count", "hours", "yen"];

/**
 * The year and a department of the year's list (a department not in it, from a link, is kept), the fields
 * of a form of class `pick`: when the year changes, pages.js re-reads each `data-by-year` list from the
 * page the form's `data-lists` names. With `anyLabel` the department may be left empty (every
 * department); without, one must be chosen.
 */
export function yearAndDepartment(
  w: Words,
  department: string,
  fiscalYear: number | string,
  departments: readonly string[],
  anyLabel?: string,
) {
  const choices =
    department && !departments.includes(department) ? [department, ...departments] : departments;
  const first = anyLabel ?? (choices.length ? w.chooseDepartment : w.noDepartments);
  return `<label for="fiscalYear">${esc(w.fiscalYear)}</label><input id="fiscalYear" name="fiscalYear" type="number" min="${DATE_HORIZON.firstFiscalYear}" max="${DATE_HORIZON.lastFiscalYear}" value="${esc(fiscalYear)}" required>
<label for="department">${esc(w.department)}</label><select id="department" name="department" data-by-year${anyLabel ? "" : " required"}>
<option value="">${esc(first)}</option>
${list(choices, (d) => `<option${d === department ? " selected" : ""}>${esc(d)}</option>`)}
</select>`;
}

export function departmentPage(
  lang: Lang,
  department: string,
  fiscalYear: number,
  departments: readonly string[],
  kpis: { current?: Kpis; previousYear?: Kpis },
): string {
  const w = wordsFor(lang);
  const picker = `<form method="get" action="/pages/departments" class="pick" data-lists="/pages/departments">
<input type="hidden" name="lang" value="${lang}">
${yearAndDepartment(w, department, fiscalYear, departments)}
<button type="submit">${esc(w.show)}</button>
</form>`;
  const title = `${w.departmentPage}: ${department} ${formatFiscalYear(fiscalYear, lang)}`;
  if (!department) return layout(lang, `${w.departmentPage} ${formatFiscalYear(fiscalYear, lang)}`, picker);
  const value = (k: Kpis | undefined, f: keyof Kpis) => Number(k?.[f] ?? 0);
  const rows = [
    ...KPI_FIELDS.map(([f, unit]) => ({
      label: w.kpis[f] ?? f,
      unit,
      current: value(kpis.current, f),
      previous: value(kpis.previousYear, f),
    })),
    ...Object.entries(w.hostKind).map(([kind, label]) => ({
      label: `${w.secondment}: ${label}`,
      unit: "count" as Unit,
      current: kpis.current?.secondmentsByHostKind.find((h) => h.hostKind === kind)?.count ?? 0,
      previous: kpis.previousYear?.secondmentsByHostKind.find((h) => h.hostKind === kind)?.count ?? 0,
    })),
  ];
  const csv = `/pages/evaluation-records.csv?${new URLSearchParams({ fiscalYear: String(fiscalYear), department })}`;
  const thisYear = `${w.thisYear}（${formatFiscalYear(fiscalYear, lang)}）`;
  const yearBefore = `${w.previousYear}（${formatFiscalYear(fiscalYear - 1, lang)}）`;
  const charts = CHARTED.map((unit) => {
    const of = rows.filter((r) => r.unit === unit);
    return {
      id: `kpis-${unit}`,
      unit: w.units[unit],
      wholeNumbers: unit !== "hours",
      labels: of.map((r) => r.label),
      current: of.map((r) => r.current),
      previous: of.map((r) => r.previous),
    };
  });
  return layout(
    lang,
    title,
    `${picker}
${list(
  charts,
  (
    c,
  ) => `<section class="kpi-chart" aria-labelledby="${c.id}-h"><h2 id="${c.id}-h">${esc(w.kpiChart)}（${esc(c.unit)}）</h2>
<div class="chart chart-${c.labels.length > 3 ? "tall" : "short"}"><canvas id="${c.id}" role="img" aria-label="${esc(w.kpiChart)}（${esc(c.unit)}）: ${esc(w.kpiTable)}"></canvas></div></section>`,
)}
${jsonScript("kpi-data", { charts, thisYear, yearBefore })}
<table class="kpis"><caption>${esc(w.kpiTable)}</caption>
<thead><tr><th scope="col">${esc(w.kpi)}</th><th scope="col">${esc(thisYear)}</th><th scope="col">${esc(yearBefore)}</th></tr></thead>
<tbody>${list(rows, (r) => `<tr><th scope="row">${esc(r.label)}</th><td>${formatNumber(r.current, lang)}</td><td>${formatNumber(r.previous, lang)}</td></tr>`)}</tbody>
</table>
<p><a class="download" href="${esc(csv)}" data-csv>${esc(w.csv)}</a></p>`,
    { live: true },
  );
}
