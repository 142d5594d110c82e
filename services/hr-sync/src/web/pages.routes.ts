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
import { admit, DomainError, fiscalYearOf, type Principal, type TokenVerifier, todayInJapan } from "@hr/kit";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { hrSyncOperations } from "../api/operations";
import type { ChangeLog } from "../application/change-log";
import type { RecordsQueries } from "../application/records.queries";
import type { StreamSlots } from "../application/stream-slots";
import { registerChangeStream, type Subject } from "./change-stream";
import { type Lang, langOf } from "./i18n";
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

    web.get("/pages/evaluation-records.csv", HIDDEN, async (request, reply) => {
      const query = request.query as Record<string, string>;
      const raw = { ...query, fiscalYear: Number(query.fiscalYear) };
      const operation = operations.ExportEvaluationRecords;
      const { input, call } = await admit(operation, verifier, authorization(request), raw);
      const { fileName, content } = await operation.handle(input, call);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .send(content);
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
