/**
 * HR web pages served by hr-sync under /pages (issue 14). A page is admitted exactly as the REST
 * operation behind it (`admit`: same token verifier, roles and own-record check), with the token taken
 * from the `Authorization` header (set by the organisation's sign-in proxy) or from an HttpOnly,
 * SameSite=Strict cookie set by the development sign-in form, so no token or personal data travels in a
 * URL. The routes are hidden from the OpenAPI document: they are pages, not API.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  admit,
  DomainError,
  fiscalYearOf,
  type Operation,
  type Principal,
  RuleViolation,
  type TokenVerifier,
  todayInJapan,
  ValidationError,
} from "@hr/kit";
import { type TSchema, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { csvQueryInput, type hrSyncOperations, sendCsv } from "../api/operations";
import type { ChangeLog } from "../application/change-log";
import type { PlanningQueries } from "../application/planning.queries";
import type { RecordsQueries } from "../application/records.queries";
import type { StreamSlots } from "../application/stream-slots";
import { registerChangeStream, type Subject } from "./change-stream";
import { type Lang, langOf } from "./i18n";
import { candidatesPage, dueListPage, type Outcome, type PlanningForm, skillRowsOf } from "./planning.views";
import { departmentPage, employeePage, errorPage, evaluationPage, signInPage } from "./views";

type Operations = ReturnType<typeof hrSyncOperations>;

export interface PagesOptions {
  /**
   * The development sign-in form (paste a token): on for the local system only (`HR_PAGES_TOKEN_SIGN_IN`).
   * Deployed, HR staff sign in through the organisation's sign-in proxy, which sends `Authorization`.
   */
  tokenSignIn: boolean;
  /** The live-update streams each caller holds, shared with WatchChanges (`HR_PAGES_STREAMS_PER_SUBJECT`). */
  streamSlots: StreamSlots;
}

const COOKIE = "hr_session";
const HIDDEN = { schema: { hide: true } };
const ASSETS: Record<string, { file: string; type: string }> = {
  "pages.css": { file: new URL("./assets/pages.css", import.meta.url).pathname, type: "text/css" },
  "pages.js": { file: new URL("./assets/pages.js", import.meta.url).pathname, type: "text/javascript" },
  "chart.umd.min.js": {
    // The package exports only its modules; the UMD build sits beside its main file.
    file: join(dirname(createRequire(import.meta.url).resolve("chart.js")), "chart.umd.min.js"),
    type: "text/javascript",
  },
};

const sessionToken = (request: FastifyRequest) =>
  (request.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === COOKIE)?.[1];

/** `Bearer <token>` from the cookie, else the request's own Authorization header (scripts, tests). */
const authorization = (request: FastifyRequest) => {
  const token = sessionToken(request);
  return token ? `Bearer ${percentDecoded(token)}` : request.headers.authorization;
};

/** A cookie value that is not valid percent-encoding is left as sent: the verifier then refuses it (401). */
function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply
    .status(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header(
      "content-security-policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    )
    .send(body);

/** The fiscal year of Japan's date (a UTC date is the day before until 09:00 JST). */
const currentFiscalYear = () => fiscalYearOf(todayInJapan());
/** A rule's refusal shown on a planning form names the field it is about. */
const RULE_FIELDS: Record<string, string> = {
  PAGE_TOKEN_NOT_ISSUED: "pageToken",
  ROLE_NOT_ON_SKILL_MAP: "skillMapRoleId",
};

/**
 * The answer, or what was wrong with the request (bad input 400, a rule's refusal 422) for the page to show
 * on its form; no or a bad token, or a role not allowed, stays an error page (401, 403).
 */
async function shownOnForm<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { found: await run() };
  } catch (error) {
    if (error instanceof ValidationError) return { problems: { violations: error.violations } };
    const field = error instanceof RuleViolation ? RULE_FIELDS[error.reason] : undefined;
    if (error instanceof RuleViolation && field) {
      return { problems: { violations: [{ field, message: error.message }], reason: error.reason } };
    }
    throw error;
  }
}
const statusOf = (outcome: Outcome<unknown>) =>
  "found" in outcome ? 200 : outcome.problems.reason ? 422 : 400;

/** The fiscal years a career spans (April to March), for the links to each year's evaluation. */
function fiscalYearsOf(days: readonly string[], asOf: string): number[] {
  const known = days.filter(Boolean);
  if (!known.length) return [];
  const first = Math.min(...known.map(fiscalYearOf));
  const last = fiscalYearOf(asOf);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => last - i);
}

export function registerWebPages(
  app: FastifyInstance,
  verifier: TokenVerifier,
  operations: Operations,
  queries: RecordsQueries,
  planning: PlanningQueries,
  changes: ChangeLog,
  options: PagesOptions,
): void {
  app.register(async (web) => {
    web.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    web.setErrorHandler((error, request, reply) => {
      const lang = langOf(request.query);
      if (error instanceof DomainError) {
        const status =
          { unauthenticated: 401, "permission-denied": 403, "not-found": 404 }[error.kind as string] ?? 400;
        return html(reply, errorPage(lang, status, options, error.message), status);
      }
      request.log.error(error);
      return html(reply, errorPage(lang, 500, options), 500);
    });

    web.get("/pages/assets/:name", HIDDEN, async (request, reply) => {
      const asset = ASSETS[(request.params as { name: string }).name];
      if (!asset) return reply.status(404).send();
      return reply
        .header("content-type", `${asset.type}; charset=utf-8`)
        .header("cache-control", "public, max-age=3600")
        .send(readFileSync(asset.file));
    });

    // Not registered when off: a deployment's pages admit only what its sign-in proxy sends.
    if (options.tokenSignIn) {
      web.get("/pages/sign-in", HIDDEN, async (request, reply) =>
        html(reply, signInPage(langOf(request.query))),
      );
      web.post("/pages/sign-in", HIDDEN, async (request, reply) => {
        const lang = langOf(request.query);
        const token = String((request.body as Record<string, unknown> | undefined)?.token ?? "").trim();
        const principal = await verifier.verify(`Bearer ${token}`).catch(() => undefined);
        if (!principal) return html(reply, signInPage(lang, wordsError(lang)), 401);
        const home = principal.employeeId
          ? `/pages/employees/${encodeURIComponent(principal.employeeId)}?lang=${lang}`
          : `/pages/departments?lang=${lang}`;
        return reply
          .header(
            "set-cookie",
            `${COOKIE}=${encodeURIComponent(token)}; Path=/pages; HttpOnly; SameSite=Strict${request.protocol === "https" ? "; Secure" : ""}`,
          )
          .redirect(home, 303);
      });
    }
    web.post("/pages/sign-out", HIDDEN, async (_request, reply) =>
      reply
        .header("set-cookie", `${COOKIE}=; Path=/pages; HttpOnly; SameSite=Strict; Max-Age=0`)
        .redirect("/pages/sign-in", 303),
    );

    web.get("/pages/employees/:employeeId", HIDDEN, async (request, reply) => {
      const lang: Lang = langOf(request.query);
      const { input, call } = await admit(
        operations.GetRotationRecord,
        verifier,
        authorization(request),
        request.params,
      );
      const { record } = await operations.GetRotationRecord.handle(input, call);
      const starts = [
        ...record.assignments.map((a) => a.startedOn),
        ...record.jobTypeHistory.map((j) => j.effectiveDate),
      ];
      return html(reply, employeePage(lang, record, fiscalYearsOf(starts, record.asOf)));
    });

    web.get("/pages/employees/:employeeId/evaluations/:fiscalYear", HIDDEN, async (request, reply) => {
      const params = request.params as { employeeId: string; fiscalYear: string };
      const raw = { ...params, fiscalYear: Number(params.fiscalYear) };
      const { input, call } = await admit(
        operations.GetEvaluationRecord,
        verifier,
        authorization(request),
        raw,
      );
      const { record } = await operations.GetEvaluationRecord.handle(input, call);
      return html(reply, evaluationPage(langOf(request.query), record));
    });

    web.get("/pages/departments", HIDDEN, async (request, reply) => {
      const query = request.query as Record<string, string>;
      const lang = langOf(query);
      const fiscalYear = Number(query.fiscalYear || currentFiscalYear());
      if (!query.department) {
        // No department chosen yet: the same roles are checked, and only the form with the year's list.
        const { input } = await admit(
          {
            input: Type.Pick(operations.GetDepartmentKpis.input, ["fiscalYear"]),
            roles: operations.GetDepartmentKpis.roles,
          },
          verifier,
          authorization(request),
          { fiscalYear },
        );
        const departments = await queries.departments(input.fiscalYear);
        return html(reply, departmentPage(lang, "", input.fiscalYear, departments, {}));
      }
      const raw = { department: query.department, fiscalYear };
      const { input, call } = await admit(
        operations.GetDepartmentKpis,
        verifier,
        authorization(request),
        raw,
      );
      const [kpis, departments] = await Promise.all([
        operations.GetDepartmentKpis.handle(input, call),
        queries.departments(input.fiscalYear),
      ]);
      return html(reply, departmentPage(lang, input.department, input.fiscalYear, departments, kpis));
    });

    /** A CSV export admitted as its operation (the same checks as its REST route): the file, never a page. */
    const csvRoute = <S extends TSchema>(
      path: string,
      operation: Operation<S, { fileName: string; content: Buffer }>,
    ) =>
      web.get(path, HIDDEN, async (request, reply) => {
        const raw = csvQueryInput(request.query);
        const { input, call } = await admit(operation, verifier, authorization(request), raw);
        return sendCsv(reply, await operation.handle(input, call));
      });
    csvRoute("/pages/evaluation-records.csv", operations.ExportEvaluationRecords);
    csvRoute("/pages/due-for-rotation.csv", operations.ExportDueForRotation);

    /** The planning forms as sent, the year defaulting to the current fiscal year. */
    const planningForm = (request: FastifyRequest): PlanningForm & { fiscalYear: string } => {
      const query = request.query as PlanningForm;
      return { ...query, fiscalYear: query.fiscalYear || String(currentFiscalYear()) };
    };
    /** A page size in the address (the API's default, 100, without one) is kept in the paging links. */
    const pageSizeOf = (form: PlanningForm) => (form.pageSize ? { pageSize: Number(form.pageSize) } : {});
    /** This page again from its first page, and with the next page's token: the other parameters kept. */
    const pageLinks = (request: FastifyRequest, outcome: Outcome<{ nextPageToken: string } | undefined>) => {
      const query = request.query as Record<string, string>;
      const at = (pageToken: string) => {
        const params = new URLSearchParams(query);
        if (pageToken) params.set("pageToken", pageToken);
        else params.delete("pageToken");
        return `${request.url.split("?")[0]}?${params}`;
      };
      const token = "found" in outcome ? (outcome.found?.nextPageToken ?? "") : "";
      return { first: query.pageToken ? at("") : "", next: token ? at(token) : "" };
    };
    /** The year's lists to choose from, once the year sent is one (bad input names it instead). */
    const planningLists = async (form: { fiscalYear: string }, outcome: Outcome<unknown>) => {
      const year = Number(form.fiscalYear);
      if ("problems" in outcome && outcome.problems.violations.some((v) => v.field === "fiscalYear")) {
        return { departments: [], roles: [] };
      }
      return { departments: await planning.departments(year), roles: planning.skillMapRoles(year) };
    };

    web.get("/pages/planning", HIDDEN, async (request, reply) => {
      const form = planningForm(request);
      const operation = operations.ListDueForRotation;
      const raw = {
        fiscalYear: Number(form.fiscalYear),
        department: form.department ?? "",
        minYearsInPost: Number(form.minYearsInPost || 0),
        pageToken: form.pageToken ?? "",
        ...pageSizeOf(form),
      };
      const outcome = await shownOnForm(async () => {
        const { input, call } = await admit(operation, verifier, authorization(request), raw);
        return operation.handle(input, call);
      });
      const { departments } = await planningLists(form, outcome);
      const page = dueListPage(langOf(form), form, departments, outcome, pageLinks(request, outcome));
      return html(reply, page, statusOf(outcome));
    });

    web.get("/pages/planning/candidates", HIDDEN, async (request, reply) => {
      const form = planningForm(request);
      const number = (v: string | undefined) => (v ? Number(v) : undefined);
      const raw = {
        fiscalYear: Number(form.fiscalYear),
        requiredSkills: skillRowsOf(form).map((r) => ({
          skillId: r.skillId,
          ...(r.level ? { minLevel: Number(r.level) } : {}),
        })),
        skillMapRoleId: form.role ?? "",
        capability: form.capability || undefined,
        minRank: form.minRank || undefined,
        minYearsOfService: number(form.minYearsOfService),
        minYearsAsIct: number(form.minYearsAsIct),
        department: form.department ?? "",
        jobType: form.jobType ?? "",
        pageToken: form.pageToken ?? "",
        ...pageSizeOf(form),
      };
      const operation = operations.FindCandidates;
      const outcome = await shownOnForm(async () => {
        // Before a search only the form: the same roles are checked, and the year.
        const sent = form.search ? raw : { fiscalYear: raw.fiscalYear };
        const { input, call } = await admit(operation, verifier, authorization(request), sent);
        return form.search ? operation.handle(input, call) : undefined;
      });
      const lists = await planningLists(form, outcome);
      const page = candidatesPage(langOf(form), form, lists, outcome, pageLinks(request, outcome));
      return html(reply, page, statusOf(outcome));
    });

    registerChangeStream(
      web,
      queries,
      changes,
      async (request): Promise<{ subject: Subject; principal: Principal }> => {
        const query = request.query as Record<string, string>;
        if (query.employeeId) {
          const { input, call } = await admit(
            operations.GetRotationRecord,
            verifier,
            authorization(request),
            { employeeId: query.employeeId },
          );
          return { subject: { employeeId: input.employeeId }, principal: call.principal };
        }
        const raw = { department: query.department ?? "", fiscalYear: Number(query.fiscalYear) };
        const { input, call } = await admit(
          operations.GetDepartmentKpis,
          verifier,
          authorization(request),
          raw,
        );
        return { subject: input, principal: call.principal };
      },
      options.streamSlots,
    );
  });
}

const wordsError = (lang: Lang) => (lang === "en" ? "The token is not valid." : "トークンが無効です。");
