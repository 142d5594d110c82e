/**
 * The transfer planning page (issue 21): who is due to move (per fiscal year and department) and who fits a
 * post (a candidate search), each row with its facts and the events behind them. Facts only: nothing scored.
 * The forms are shown back as sent, with what was wrong named field by field, in the page's language.
 */
import type { FieldViolation } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import type { TSchema } from "@sinclair/typebox";
import { FindCandidatesRequest, ListDueForRotationRequest } from "../api/requests";
import { namedCodes } from "../domain/display-names";
import { esc, list } from "./html";
import { formatDate, formatFiscalYear, formatNumber, type Lang, type Words, wordsFor } from "./i18n";
import { evidence, layout, namer, yearAndDepartment } from "./views";

type Facts = syncV1.RotationFacts;
/** A form as the browser sends it (strings), shown back in the form. */
export type PlanningForm = Record<string, string | undefined>;
/** What was wrong with a request: the fields (bad input), or a rule's reason naming one. */
export interface Problems {
  violations: FieldViolation[];
  reason?: string;
}
/** Either the answer or what was wrong: a page shows its form in both cases. */
export type Outcome<T> = { found: T } | { problems: Problems };

const SKILL_ROWS = 3;

/** The skill rows filled in (a skill or a level), numbered as on the form: the search's required skills. */
export function skillRowsOf(form: PlanningForm) {
  return Array.from({ length: SKILL_ROWS }, (_, i) => ({
    row: i + 1,
    skillId: form[`skill${i + 1}`] ?? "",
    level: form[`level${i + 1}`] ?? "",
  })).filter((r) => r.skillId || r.level);
}

/** An integer field's bounds, from the request schema the API checks (one source for form and message). */
function bounds(schema: TSchema, field: string): { min: number; max: number } | undefined {
  let at: TSchema | undefined = schema;
  for (const name of field.replace(/\[\d+\]/g, "").split(".")) {
    at = at?.properties?.[name];
    if (at?.type === "array") at = at.items;
  }
  return at?.type === "integer" ? { min: at.minimum, max: at.maximum } : undefined;
}
const numberInput = (schema: TSchema, id: string, field: string, value = "") => {
  const b = bounds(schema, field);
  return `<input id="${id}" name="${id}" type="number" min="${b?.min ?? 0}" max="${b?.max ?? ""}" value="${esc(value)}">`;
};

/** The form control a request field is entered in, and its label, so a problem names what the user sees. */
function controlOf(w: Words, form: PlanningForm, field: string): { id: string; label: string } {
  const p = w.planning;
  const skill = field.match(/^requiredSkills\[(\d+)\]\.(skillId|minLevel)$/);
  if (skill) {
    const row = skillRowsOf(form)[Number(skill[1])]?.row ?? Number(skill[1]) + 1;
    return skill[2] === "skillId"
      ? { id: `skill${row}`, label: `${p.skill} ${row}` }
      : { id: `level${row}`, label: `${p.minLevel} ${row}` };
  }
  const controls: Record<string, [string, string]> = {
    fiscalYear: ["fiscalYear", w.fiscalYear],
    department: ["department", w.department],
    minYearsInPost: ["minYearsInPost", p.minYearsInPost],
    skillMapRoleId: ["role", p.role],
    capability: ["capability", p.capabilityLabel],
    minRank: ["minRank", p.minRank],
    minYearsOfService: ["minYearsOfService", p.minYearsOfService],
    minYearsAsIct: ["minYearsAsIct", p.minYearsAsIct],
    jobType: ["jobType", w.jobType],
    // Parameters of the paging links, not of the form: named, without a field to go to.
    pageToken: ["", p.pageToken],
    pageSize: ["", p.pageSize],
  };
  const [id, label] = controls[field] ?? ["", field];
  return { id, label };
}

/** What to do about a field, in the page's language: its range, a choice from the list, or one line. */
function advice(lang: Lang, schema: TSchema, form: PlanningForm, field: string, reason = ""): string {
  const p = wordsFor(lang).planning;
  if (reason === "PAGE_TOKEN_NOT_ISSUED") return p.pageTokenNotIssued;
  if (reason === "ROLE_NOT_ON_SKILL_MAP") {
    return p.roleNotOnSkillMap.replace("{year}", formatFiscalYear(Number(form.fiscalYear), lang));
  }
  const b = bounds(schema, field);
  if (b) return p.wholeNumber.replace("{min}", String(b.min)).replace("{max}", String(b.max));
  return field === "department" ? p.text : p.choose;
}

/** The problems at the top of the form (each a link to its field), as an alert read out on arrival. */
function problemsBox(lang: Lang, schema: TSchema, form: PlanningForm, problems?: Problems): string {
  if (!problems) return "";
  const w = wordsFor(lang);
  const items = problems.violations.map((v) => {
    const { id, label } = controlOf(w, form, v.field);
    const text = `${label}: ${advice(lang, schema, form, v.field, problems.reason)}`;
    return `<li>${id ? `<a href="#${id}">${esc(text)}</a>` : esc(text)}</li>`;
  });
  return `<div class="problems" role="alert" data-testid="problems"><p class="error">${esc(w.planning.problems)}</p><ul>${items.join("")}</ul></div>`;
}

/** Marks the form's controls that have a problem (`aria-invalid`), so screen readers and styles see them. */
function markInvalid(w: Words, form: PlanningForm, html: string, problems?: Problems): string {
  const ids = new Set(problems?.violations.map((v) => controlOf(w, form, v.field).id) ?? []);
  return html.replace(/<(input|select) id="([^"]+)"/g, (tag, _kind, id) =>
    ids.has(id) ? `${tag} aria-invalid="true"` : tag,
  );
}

const options = (values: readonly string[], chosen: string, label: (v: string) => string) =>
  list(
    values,
    (v) => `<option value="${esc(v)}"${v === chosen ? " selected" : ""}>${esc(label(v))}</option>`,
  );

/** The page's two views as tabs (links): the due list and the candidate search. */
function tabs(w: Words, lang: Lang, current: "due" | "candidates") {
  const tab = (id: "due" | "candidates", href: string, label: string) =>
    `<li><a href="${href}?lang=${lang}"${id === current ? ' aria-current="page"' : ""}>${esc(label)}</a></li>`;
  return `<nav aria-label="${esc(w.planning.page)}"><ul class="tabs">${tab("due", "/pages/planning", w.planning.due)}${tab("candidates", "/pages/planning/candidates", w.planning.candidates)}</ul></nav>`;
}

/** The facts of an employee a transfer weighs, each figure opening to its events where it has some. */
function factsCells(w: Words, lang: Lang, f: Facts): string {
  const name = namer(lang);
  const n = (value: number) => formatNumber(value, lang);
  const p = w.planning;
  const post = f.post;
  const b = f.capabilityBalance;
  const figures = (items: string[]) =>
    items.length ? `<ul class="figures">${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : "—";
  const role = f.targetRoleId
    ? evidence(
        w,
        lang,
        `${name("role", f.targetRoleId)}（${
          f.targetRoleSkillsShort.length
            ? `${p.short}: ${f.targetRoleSkillsShort.map((s) => name("skill", s)).join("、")}`
            : p.meetsAll
        }）`,
        f.targetRoleEvidence,
      )
    : "—";
  const rank = post?.rank ? (w.rank[post.rank] ?? "") : "";
  const held = post
    ? evidence(
        w,
        lang,
        `${post.department} ${post.post}${rank ? ` ${rank}` : ""}${post.onSecondment ? `（${p.onSecondment}）` : ""}`,
        post.evidence,
      )
    : "—";
  return `<td><a href="/pages/employees/${esc(encodeURIComponent(f.employeeId))}?lang=${lang}">${esc(f.employeeId)}</a></td>
<td>${held}</td>
<td>${post ? `${n(post.yearsInPost)}${esc(p.years)}<br>${esc(formatDate(post.inPostSince, lang))}〜` : "—"}</td>
<td>${esc(name("jobType", f.jobType) || "—")}<br>${esc(p.service)} ${n(f.yearsOfService)}${esc(p.years)}<br>ICT ${n(f.yearsAsIct)}${esc(p.years)}</td>
<td>DQ ${n(b?.dqMonths ?? 0)}${esc(w.months)}（${n(b?.dqPercent ?? 0)}%）<br>GQ ${n(b?.gqMonths ?? 0)}${esc(w.months)}（${n(b?.gqPercent ?? 0)}%）<br>${esc(p.toStrengthen)}: ${esc(p.capability[f.capabilityToStrengthen] ?? p.atTarget)}</td>
<td>${role}</td>
<td>${figures(f.secondments.map((s) => evidence(w, lang, `${w.hostKind[s.hostKind] ?? s.hostKind} ${n(s.years)}${p.years}`, s.evidence)))}</td>
<td>${figures(f.certifications.map((c) => evidence(w, lang, c.certificationName ? `${c.certificationName}（${c.certificationCode}）` : c.certificationCode, c.evidence)))}</td>
<td>${f.evaluationAtTransferDueOn ? esc(formatDate(f.evaluationAtTransferDueOn, lang)) : "—"}</td>`;
}

/** The year in a page's title; none while the year sent is not one (the form says so). */
const yearTitle = (form: PlanningForm, lang: Lang) =>
  /^\d{4}$/.test(form.fiscalYear ?? "") ? ` ${formatFiscalYear(Number(form.fiscalYear), lang)}` : "";

const factsHead = (w: Words) => list(w.planning.columns, (c) => `<th scope="col">${esc(c)}</th>`);

/** The links to the next page (this one's parameters kept) and back to the first. */
function paging(w: Words, links: { next: string; first: string }) {
  const a = (href: string, label: string, rel = "") =>
    href ? `<a href="${esc(href)}"${rel ? ` rel="${rel}"` : ""}>${esc(label)}</a>` : "";
  const both = [a(links.first, w.planning.firstPage), a(links.next, w.planning.nextPage, "next")];
  return both.some(Boolean) ? `<p class="paging">${both.filter(Boolean).join(" ")}</p>` : "";
}

export function dueListPage(
  lang: Lang,
  form: PlanningForm & { fiscalYear: string },
  departments: readonly string[],
  outcome: Outcome<syncV1.ListDueForRotationResponse>,
  links: { next: string; first: string },
): string {
  const w = wordsFor(lang);
  const p = w.planning;
  const schema = ListDueForRotationRequest;
  const problems = "problems" in outcome ? outcome.problems : undefined;
  const fields = `${yearAndDepartment(w, form.department ?? "", form.fiscalYear, departments, p.allDepartments)}
<label for="minYearsInPost">${esc(p.minYearsInPost)}</label>${numberInput(schema, "minYearsInPost", "minYearsInPost", form.minYearsInPost)}`;
  let results = "";
  if ("found" in outcome) {
    const due = outcome.found;
    const fy = Number(form.fiscalYear);
    const say = (text: string) =>
      text
        .replace("{n}", formatNumber(due.totalSize, lang))
        .replace("{years}", String(due.minYearsInPost))
        .replace("{date}", formatDate(`${fy}-04-01`, lang));
    const csv = new URLSearchParams({ fiscalYear: String(fy) });
    if (form.department) csv.set("department", form.department);
    if (form.minYearsInPost) csv.set("minYearsInPost", form.minYearsInPost);
    results = due.employees.length
      ? `<p data-testid="due-count">${esc(say(p.dueCount))}</p>
<div class="table-scroll"><table class="planning" data-testid="due-list"><caption>${esc(p.due)}</caption>
<thead><tr>${factsHead(w)}</tr></thead>
<tbody>${list(due.employees, (f) => `<tr data-employee="${esc(f.employeeId)}">${factsCells(w, lang, f)}</tr>`)}</tbody>
</table></div>
${paging(w, links)}
<p><a class="download" href="/pages/due-for-rotation.csv?${esc(csv)}" data-csv>${esc(p.csv)}</a></p>`
      : `<p data-testid="due-count">${esc(say(p.noneDue))}</p>${paging(w, links)}`;
  } else {
    results = paging(w, links);
  }
  return layout(
    lang,
    `${p.page}: ${p.due}${yearTitle(form, lang)}`,
    `${tabs(w, lang, "due")}
<p class="note" role="note">${esc(p.note)}</p>
${problemsBox(lang, schema, form, problems)}
<form method="get" action="/pages/planning" class="pick" data-lists="/pages/planning/candidates">
<input type="hidden" name="lang" value="${lang}">
${markInvalid(w, form, fields, problems)}
<button type="submit">${esc(w.show)}</button>
</form>
${results}`,
  );
}

/** A requirement as asked, in words: `クラウド基盤 最低レベル 3`, `最低職層 課長`, `最低勤続年数 10`. */
function requirementLabel(w: Words, lang: Lang, r: syncV1.RequirementMatch): string {
  const p = w.planning;
  switch (r.kind) {
    case syncV1.RequirementKind.SKILL:
      return `${namer(lang)("skill", r.required)} ${p.minLevel} ${r.requiredValue}`;
    case syncV1.RequirementKind.CAPABILITY:
      return p.capability[r.required] ?? r.required;
    case syncV1.RequirementKind.RANK:
      return `${p.minRank} ${w.rank[r.required] ?? r.required}`;
    case syncV1.RequirementKind.YEARS_OF_SERVICE:
      return `${p.minYearsOfService} ${r.requiredValue}${p.years}`;
    case syncV1.RequirementKind.YEARS_AS_ICT:
      return `${p.minYearsAsIct} ${r.requiredValue}${p.years}`;
    default:
      return r.required;
  }
}

/** The employee's fact against a requirement, in words: a level, `DQ 30% / GQ 70%`, a rank, years. */
function requirementFact(w: Words, lang: Lang, r: syncV1.RequirementMatch): string {
  switch (r.kind) {
    case syncV1.RequirementKind.RANK:
      return w.rank[r.fact] ?? "—";
    case syncV1.RequirementKind.YEARS_OF_SERVICE:
    case syncV1.RequirementKind.YEARS_AS_ICT:
      return `${formatNumber(Number(r.fact), lang)}${w.planning.years}`;
    case syncV1.RequirementKind.SKILL:
      return `${w.planning.level} ${r.fact}`;
    default:
      return r.fact || "—";
  }
}

function candidateRow(w: Words, lang: Lang, c: syncV1.Candidate): string {
  const p = w.planning;
  const requirements = c.requirements.map((r) => {
    const summary = `${requirementLabel(w, lang, r)} → ${requirementFact(w, lang, r)}（${r.met ? p.isMet : p.notMet}）`;
    return `<li class="${r.met ? "met" : "unmet"}">${evidence(w, lang, summary, r.evidence)}</li>`;
  });
  return `<tr data-employee="${esc(c.facts?.employeeId ?? "")}"><td>${c.requirementsMet} / ${c.requirementsTotal}</td>
<td>${requirements.length ? `<ul class="figures">${requirements.join("")}</ul>` : "—"}</td>
${c.facts ? factsCells(w, lang, c.facts) : ""}</tr>`;
}

export function candidatesPage(
  lang: Lang,
  form: PlanningForm & { fiscalYear: string },
  lists: { departments: readonly string[]; roles: readonly string[] },
  outcome: Outcome<syncV1.FindCandidatesResponse | undefined>,
  links: { next: string; first: string },
): string {
  const w = wordsFor(lang);
  const p = w.planning;
  const name = namer(lang);
  const schema = FindCandidatesRequest;
  const problems = "problems" in outcome ? outcome.problems : undefined;
  const select = (
    id: string,
    label: string,
    values: readonly string[],
    show: (v: string) => string,
    byYear = false,
  ) =>
    `<label for="${id}">${esc(label)}</label><select id="${id}" name="${id}"${byYear ? " data-by-year" : ""}><option value="">${esc(p.any)}</option>${options(values, form[id] ?? "", show)}</select>`;
  const rows = Array.from({ length: SKILL_ROWS }, (_, i) => i + 1);
  const skillRow = (i: number) =>
    `<div class="row">${select(`skill${i}`, `${p.skill} ${i}`, namedCodes("skill"), (s) => name("skill", s))}
<label for="level${i}">${esc(p.minLevel)} ${i}</label>${numberInput(schema, `level${i}`, "requiredSkills.minLevel", form[`level${i}`])}</div>`;
  const fields = `<div class="row">${yearAndDepartment(w, form.department ?? "", form.fiscalYear, lists.departments, p.allDepartments)}
${select("jobType", w.jobType, namedCodes("jobType"), (j) => name("jobType", j))}</div>
<div class="row">${select("role", p.role, lists.roles, (r) => name("role", r), true)}</div>
${list(rows, skillRow)}
<div class="row">${select("capability", p.capabilityLabel, [syncV1.Capability.DQ, syncV1.Capability.GQ], (c) => p.capability[c] ?? c)}
${select("minRank", p.minRank, Object.keys(w.rank), (r) => w.rank[r] ?? r)}</div>
<div class="row"><label for="minYearsOfService">${esc(p.minYearsOfService)}</label>${numberInput(schema, "minYearsOfService", "minYearsOfService", form.minYearsOfService)}
<label for="minYearsAsIct">${esc(p.minYearsAsIct)}</label>${numberInput(schema, "minYearsAsIct", "minYearsAsIct", form.minYearsAsIct)}</div>`;
  const found = "found" in outcome ? outcome.found : undefined;
  let results = "";
  if (found) {
    results = found.candidates.length
      ? `<p data-testid="candidate-count">${esc(p.candidateCount.replace("{n}", formatNumber(found.totalSize, lang)))}</p>
<div class="table-scroll"><table class="planning" data-testid="candidates"><caption>${esc(p.candidates)}</caption>
<thead><tr><th scope="col">${esc(p.met)}</th><th scope="col">${esc(p.requirements)}</th>${factsHead(w)}</tr></thead>
<tbody>${list(found.candidates, (c) => candidateRow(w, lang, c))}</tbody>
</table></div>
${paging(w, links)}`
      : `<p data-testid="candidate-count">${esc(p.noCandidates)}</p>${paging(w, links)}`;
  } else {
    results = paging(w, links);
  }
  return layout(
    lang,
    `${p.page}: ${p.candidates}${yearTitle(form, lang)}`,
    `${tabs(w, lang, "candidates")}
<p class="note" role="note">${esc(p.note)}</p>
${problemsBox(lang, schema, form, problems)}
<form method="get" action="/pages/planning/candidates" class="pick search" data-lists="/pages/planning/candidates">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="search" value="1">
${markInvalid(w, form, fields, problems)}
<button type="submit">${esc(p.search)}</button>
</form>
${results}`,
  );
}
