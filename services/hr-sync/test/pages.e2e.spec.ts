import { existsSync, mkdirSync } from "node:fs";
import { fiscalYearOf, type Role, signToken, startEventSourcedService, todayInJapan } from "@hr/kit";
import { serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { parse } from "csv-parse/sync";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { secondmentService } from "../../secondment/src/secondment.service";
import { skillsService } from "../../skills/src/skills.service";
import { trainingService } from "../../training/src/training.service";
import { hrSyncService } from "../src/hr-sync.service";
import { formatDate, formatFiscalYear } from "../src/web/i18n";

/**
 * The HR pages in a real browser (Debian's Chromium driven by playwright-core) against hr-sync and the
 * secondment service started in-process on the run's real broker and store, with demo-like facts.
 * Screenshots go to services/hr-sync/test-artefacts/ (git-ignored).
 */
const CHROMIUM = "/usr/bin/chromium";
const ARTEFACTS = new URL("../test-artefacts/", import.meta.url).pathname;
const ns = testNamespace();
const syncDb = `${ns.dbName}_sync`;
const kit = { start: startEventSourcedService, sign: signToken };
/** Starts hr-sync with the development sign-in form on (as `./run up` does) or off (as deployed). */
const withTokenSignIn =
  (on: boolean, topicPrefix = ""): typeof startEventSourcedService =>
  (spec, overrides) => {
    process.env.HR_PAGES_TOKEN_SIGN_IN = String(on);
    return startEventSourcedService(spec, {
      ...overrides,
      topicPrefix: `${overrides?.topicPrefix ?? ""}${topicPrefix}`,
    });
  };
const secondment = serviceUnderTest(secondmentService, ns, kit);
const training = serviceUnderTest(trainingService, ns, { ...kit, dbName: `${ns.dbName}_training` });
const skills = serviceUnderTest(skillsService, ns, { ...kit, dbName: `${ns.dbName}_skills` });
const sync = serviceUnderTest(hrSyncService, ns, { ...kit, start: withTokenSignIn(true), dbName: syncDb });
const deployed = serviceUnderTest(hrSyncService, ns, {
  ...kit,
  // Topics and consumer group of its own: it must not take partitions from the instance above.
  start: withTokenSignIn(false, "deployed."),
  dbName: `${ns.dbName}_deployed`,
});
const { token } = sync;
let browser: Browser;

async function post(service: typeof sync, path: string, body: unknown, roles: Role[] = ["hr-admin"]) {
  const reply = await service.rest("POST", path, body, roles);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as Record<string, string>;
}

/** Each test's browser contexts, closed after it: open pages hold live-update streams, bounded per caller. */
const contexts: BrowserContext[] = [];

/** A browser page signed in through the development sign-in form with a token of these roles. */
async function signedIn(roles: Role[], employeeId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${sync.service.httpUrl}/pages/sign-in`);
  await page.getByLabel("アクセストークン").fill(await token(roles, employeeId));
  await page.getByRole("button", { name: "サインイン" }).click();
  return page;
}

const E = "PG0001";
/** In FY2024 only, in a department of their own; and one whose department is markup (escaped, never run). */
const [FINANCE, MARKUP] = ["PG0003", "PG0004"];
const FINANCE_DEPT = "財務局 主計部";
const MARKUP_DEPT = '<img src=x onerror="window.hacked=1">局';
/**
 * Transfer planning looks at 1 April of the current fiscal year by default: its employees are posted some
 * years before it (ICT staff exist from FY2021), so they stay due whatever year the suite runs in. A section chief in HR (a manager:
 * evaluation at transfer due) with an ICT target role and a certification; a chief back from a year at
 * GovTech Tokyo; departments named as markup and as a spreadsheet formula.
 */
const FY = fiscalYearOf(todayInJapan());
const [CHIEF, RETURNED, SCRIPT, FORMULA] = ["PL0001", "PL0002", "PL0003", "PL0004"];
const HR_DEPT = "総務局 人事部";
const DX_DEPT = "デジタルサービス局 DX推進部";
const SCRIPT_DEPT = "<script>alert(1)</script>";
const FORMULA_DEPT = '=HYPERLINK("https://example.com","x")';
const april = (fiscalYear: number) => `${fiscalYear}-04-01`;
type RotationJson = {
  jobType: string;
  secondments: { endedOn: string }[];
  assignments: unknown[];
  certifications: unknown[];
};

/** The departments the department page offers for a year (the page read with a token, no browser). */
async function offered(fiscalYear: number): Promise<string[]> {
  const response = await fetch(`${sync.service.httpUrl}/pages/departments?fiscalYear=${fiscalYear}`, {
    headers: { authorization: `Bearer ${await token(["hr-core"])}` },
  });
  expect(response.status).toBe(200);
  const select =
    (await response.text()).match(/<select id="department"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? "";
  return [...select.matchAll(/<option>([^<]*)<\/option>/g)].map((m) => m[1] as string);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  }
  mkdirSync(ARTEFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // E: hired into a bureau, a year at GovTech Tokyo as deputy group leader, then back to a post.
  await post(sync, `/v1/employees/${E}/postings`, {
    requestId: "pg-p1",
    effectiveDate: "2021-04-01",
    department: "デジタルサービス局 総務部",
    post: "主事",
    kind: "POSTING_KIND_NEW_HIRE",
  });
  const started = await post(secondment, `/v1/employees/${E}/secondment-starts`, {
    requestId: "pg-s1",
    hostId: "govtech-tokyo",
    hostDepartment: "Digital Service Division",
    hostTitle: "deputy group leader",
    homeDepartment: "デジタルサービス局 総務部",
    homePost: "総務部付（派遣）",
    startsOn: "2023-04-01",
    plannedEndOn: "2024-03-31",
  });
  await post(secondment, `/v1/employees/${E}/secondments/${started.secondmentId}/end`, {
    requestId: "pg-s2",
    endedOn: "2024-03-31",
    reason: "END_REASON_COMPLETED",
  });
  await post(sync, `/v1/employees/${E}/postings`, {
    requestId: "pg-p2",
    effectiveDate: "2024-04-01",
    department: "デジタルサービス局 戦略部",
    post: "主任",
    kind: "POSTING_KIND_RETURN_FROM_SECONDMENT",
  });
  // Hired as an electrical engineer, ICT from FY2023 on the security qualification; a cloud target role.
  for (const [requestId, toJobType, effectiveDate, basis] of [
    ["pg-j1", "ELECTRICAL", "2021-04-01", "JOB_TYPE_CHANGE_BASIS_HIRING"],
    ["pg-j2", "ICT", "2023-04-01", "JOB_TYPE_CHANGE_BASIS_QUALIFICATION"],
  ]) {
    const detail = toJobType === "ICT" ? { basisDetail: "Registered Information Security Specialist" } : {};
    const change = { requestId, toJobType, effectiveDate, basis, ...detail };
    await post(skills, `/v1/employees/${E}/job-type-changes`, change, ["hr-core"]);
  }
  const role = await skills.rest(
    "PUT",
    `/v1/employees/${E}/target-role`,
    { requestId: "pg-r1", roleId: "cloud-engineer-sre", effectiveDate: "2024-05-01" },
    ["hr-core"],
  );
  expect(role.status, JSON.stringify(role.body)).toBe(200);
  await post(
    skills,
    `/v1/employees/${E}/assessments`,
    {
      requestId: "pg-a1",
      skillId: "cloud-infrastructure",
      level: 3,
      assessor: "ASSESSOR_KIND_MANAGER",
      assessedOn: "2024-10-01",
    },
    ["hr-core"],
  );
  for (const [id, department] of [
    [FINANCE, FINANCE_DEPT],
    [MARKUP, MARKUP_DEPT],
  ] as const) {
    await post(sync, `/v1/employees/${id}/postings`, {
      requestId: `pg-${id}`,
      effectiveDate: "2024-04-01",
      department,
      post: "主事",
      kind: "POSTING_KIND_NEW_HIRE",
    });
  }
  await post(
    training,
    `/v1/employees/${E}/certifications`,
    {
      requestId: "pg-c1",
      certificationCode: "IPA-SC",
      acquiredOn: "2024-06-01",
      proofReference: "SC-000888",
    },
    ["training-admin"],
  );
  await seedPlanning();
  await waitFor(
    async () => {
      const response = await fetch(`${sync.service.httpUrl}/v1/employees/${E}/rotation-record`, {
        headers: { authorization: `Bearer ${await token(["hr-core"])}` },
      });
      const body = response.ok ? ((await response.json()) as { record: RotationJson }) : undefined;
      const r = body?.record;
      return r?.secondments?.[0]?.endedOn &&
        r.assignments.length === 2 &&
        r.certifications?.length === 1 &&
        r.jobType === "ICT"
        ? true
        : undefined;
    },
    {
      timeoutMs: 90_000,
      what: "the rotation record with the ended secondment, both postings, the certification and ICT",
    },
  );
  const evaluation = async (id: string) =>
    (await sync.rest("GET", `/v1/employees/${id}/evaluation-records/2024`)).body.record;
  await waitFor(
    async () =>
      (await evaluation(E)).skillLevels?.length &&
      (await evaluation(E)).targetRole &&
      (await evaluation(FINANCE)).department &&
      (await evaluation(MARKUP)).department
        ? true
        : undefined,
    { timeoutMs: 90_000, what: "the FY2024 records with the assessment, the target role and both hires" },
  );
  await planningProjected();
}, 240_000);

async function seedPlanning() {
  const posting = (id: string, requestId: string, fiscalYear: number, department: string, extra = {}) =>
    post(sync, `/v1/employees/${id}/postings`, {
      requestId,
      effectiveDate: april(fiscalYear),
      department,
      post: "係員",
      kind: "POSTING_KIND_NEW_HIRE",
      ...extra,
    });
  await posting(CHIEF, "pl-p1", FY - 5, HR_DEPT, { post: "人事課長", rank: "RANK_SECTION_CHIEF" });
  await post(
    skills,
    `/v1/employees/${CHIEF}/job-type-changes`,
    {
      requestId: "pl-j1",
      toJobType: "ICT",
      effectiveDate: april(FY - 5),
      basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
    },
    ["hr-core"],
  );
  const role = await skills.rest(
    "PUT",
    `/v1/employees/${CHIEF}/target-role`,
    { requestId: "pl-r1", roleId: "cloud-engineer-sre", effectiveDate: `${FY - 1}-05-01` },
    ["hr-core"],
  );
  expect(role.status, JSON.stringify(role.body)).toBe(200);
  await post(
    training,
    `/v1/employees/${CHIEF}/certifications`,
    {
      requestId: "pl-c1",
      certificationCode: "IPA-AP",
      acquiredOn: `${FY - 2}-06-01`,
      proofReference: "AP-000123",
    },
    ["training-admin"],
  );
  // RETURNED: hired, a year at GovTech Tokyo, back in the department since: in post from the return.
  await posting(RETURNED, "pl-p2", FY - 6, DX_DEPT, { rank: "RANK_CHIEF" });
  const started = await post(secondment, `/v1/employees/${RETURNED}/secondment-starts`, {
    requestId: "pl-s1",
    hostId: "govtech-tokyo",
    hostDepartment: "Digital Service Division",
    hostTitle: "engineer",
    homeDepartment: DX_DEPT,
    homePost: "DX推進部付（派遣）",
    startsOn: april(FY - 5),
    plannedEndOn: `${FY - 4}-03-31`,
  });
  await post(secondment, `/v1/employees/${RETURNED}/secondments/${started.secondmentId}/end`, {
    requestId: "pl-s2",
    endedOn: `${FY - 4}-03-31`,
    reason: "END_REASON_COMPLETED",
  });
  await posting(RETURNED, "pl-p3", FY - 4, DX_DEPT, {
    rank: "RANK_CHIEF",
    kind: "POSTING_KIND_RETURN_FROM_SECONDMENT",
  });
  await posting(SCRIPT, "pl-p4", FY - 4, SCRIPT_DEPT);
  await posting(FORMULA, "pl-p5", FY - 4, FORMULA_DEPT);
}

/** The current fiscal year's due list over REST, once every planning employee is in it as seeded. */
async function planningProjected() {
  await waitFor(
    async () => {
      const reply = await sync.rest("GET", `/v1/due-for-rotation?fiscalYear=${FY}&pageSize=500`);
      const due = (reply.body as { employees?: Array<Record<string, unknown>> }).employees ?? [];
      const of = (id: string) => due.find((e) => e.employeeId === id);
      const chief = of(CHIEF) as { targetRoleId?: string; certifications?: unknown[] } | undefined;
      const returned = of(RETURNED) as { secondments?: unknown[] } | undefined;
      return chief?.targetRoleId &&
        chief.certifications?.length &&
        returned?.secondments?.length &&
        of(SCRIPT) &&
        of(FORMULA)
        ? true
        : undefined;
    },
    { timeoutMs: 90_000, what: "the planning employees in the due list with their facts" },
  );
}

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
});

describe("HR pages in a real browser", () => {
  it("the employee page shows the secondment on the timeline, coloured by host kind, with the title at the host, and the certification as a point", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}`);
    await expect.poll(() => page.evaluate("Boolean(window.hrTimeline)")).toBe(true);
    const row = page.locator("table.timeline tr.secondment");
    await expect.poll(() => row.textContent()).toContain("deputy group leader");
    expect(await row.getAttribute("data-host-kind")).toBe("HOST_KIND_GOVTECH_TOKYO");
    expect(await row.textContent()).toContain("令和5年4月1日（2023年）");
    // Each drawn bar as [its label, its colour], read from the Chart.js instance the page keeps.
    const drawn = await page.evaluate(
      "hrTimeline.data.datasets.flatMap((d) => d.data.map((p, i) => [p.entry.label, d.backgroundColor[i]]))",
    );
    expect(drawn).toContainEqual([expect.stringContaining("deputy group leader"), "#1b7837"]);
    // The certification is a point marker on its own row, and a row of the table.
    const certification = await page.evaluate(
      "hrTimeline.data.datasets.filter((d) => d.label === '資格').map((d) => [d.type, d.data.map((p) => p.entry.label)])",
    );
    expect(certification).toEqual([["scatter", [expect.stringContaining("（IPA-SC）")]]]);
    expect(await page.locator("table.timeline").textContent()).toContain("令和6年6月1日（2024年）");
    await expect.poll(() => page.getByTestId("status").textContent()).toContain("在籍");
    // Job types by their Japanese names, never the codes.
    expect(await page.getByTestId("job-type").textContent()).toBe("ICT職");
    const jobTypes = await page.evaluate(
      "hrTimeline.data.datasets.filter((d) => d.label === '職種').flatMap((d) => d.data.map((p) => p.entry.label))",
    );
    expect(jobTypes).toEqual(["電気", "ICT職"]);
    expect(await page.locator("table.timeline").textContent()).not.toMatch(/ELECTRICAL|ICT(?!職)/);
    await page.screenshot({ path: `${ARTEFACTS}employee.png`, fullPage: true });
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}?lang=en`);
    expect(await page.locator("h1").textContent()).toContain("Career");
  }, 120_000);

  it("the evaluation page groups the year's facts and a figure opens to the events behind it", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}`);
    await page.getByRole("link", { name: "令和5年度（2023年度）" }).click();
    expect(await page.locator("[role=note]").textContent()).toContain("点数や評定ではありません");
    const figure = page.locator("#secondment ~ ul details").first();
    await figure.locator("summary").click();
    const events = figure.locator("tbody tr");
    expect(await events.count()).toBeGreaterThan(0);
    expect(await events.first().textContent()).toContain("hr.secondment.v1.Secondment");
    // The year's job type change by its Japanese names.
    expect(await page.locator("#job-types ~ ul").textContent()).toContain("電気 → ICT職");
    await page.screenshot({ path: `${ARTEFACTS}evaluation.png`, fullPage: true });
  }, 120_000);

  it("the evaluation page names skills and the target role in Japanese (English with ?lang=en), never by id", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}/evaluations/2024`);
    const skillsShown = await page.locator("#skills ~ ul").textContent();
    expect(skillsShown).toContain("クラウド基盤: 0 → 3");
    expect(skillsShown).not.toContain("cloud-infrastructure");
    const role = await page.locator("#target-role ~ ul").textContent();
    expect(role).toContain("クラウドエンジニア/SRE: 不足するスキル:");
    expect(role).toContain("ネットワーク");
    expect(role).not.toMatch(/cloud-engineer-sre|cloud-infrastructure|network/);
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}/evaluations/2024?lang=en`);
    expect(await page.locator("#skills ~ ul").textContent()).toContain("Cloud infrastructure: 0 → 3");
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}?lang=en`);
    expect(await page.getByTestId("job-type").textContent()).toBe("ICT");
    expect(await page.locator("table.timeline").textContent()).toContain("Electrical");
  }, 120_000);

  it("the department page offers the year's departments to choose from, and follows the year chosen", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/departments?fiscalYear=2024`);
    const options = () => page.locator("#department option:not([value=''])").allTextContents();
    const fy2024 = await options();
    expect(fy2024).toEqual(expect.arrayContaining(["デジタルサービス局 戦略部", FINANCE_DEPT, MARKUP_DEPT]));
    // E left General Affairs for the Strategy Department in FY2024: not a department of that year.
    expect(fy2024).not.toContain("デジタルサービス局 総務部");
    // Choosing another year re-reads that year's list (without leaving the page).
    await page.getByLabel("年度", { exact: true }).fill("2023");
    await page.getByLabel("年度", { exact: true }).dispatchEvent("change");
    await expect.poll(() => page.locator("form.pick").getAttribute("data-year")).toBe("2023");
    expect(await options()).toContain("デジタルサービス局 総務部");
    expect(await options()).not.toContain(FINANCE_DEPT);
    // A department whose name is markup is an option's text: nothing of it runs or renders as markup.
    await page.getByLabel("年度", { exact: true }).fill("2024");
    await page.getByLabel("年度", { exact: true }).dispatchEvent("change");
    await expect.poll(() => page.locator("form.pick").getAttribute("data-year")).toBe("2024");
    await page.getByLabel("部署", { exact: true }).selectOption({ label: MARKUP_DEPT });
    await page.getByRole("button", { name: "表示" }).click();
    expect(await page.locator("h1").textContent()).toContain(MARKUP_DEPT);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate("window.hacked")).toBeUndefined();
  }, 120_000);

  it("the department list follows the listings: a voided hire takes the department out of the year's list", async () => {
    const before = await offered(2024);
    expect(before).toContain(FINANCE_DEPT);
    const hire = await sync.rest("GET", `/v1/employees/${FINANCE}/rotation-record`);
    const postingId = (hire.body as { record: { assignments: { postingId: string }[] } }).record
      .assignments[0]?.postingId;
    await post(sync, `/v1/employees/${FINANCE}/postings/${postingId}/void`, {
      requestId: "pg-void-finance",
      reason: "POSTING_CORRECTION_REASON_WRONG_EMPLOYEE",
    });
    await waitFor(async () => (!(await offered(2024)).includes(FINANCE_DEPT) ? true : undefined), {
      timeoutMs: 60_000,
      what: `${FINANCE_DEPT} out of the FY2024 list`,
    });
    expect(await offered(2024)).toEqual(before.filter((d) => d !== FINANCE_DEPT));
  }, 120_000);

  it("the department page shows the year's KPIs beside the year before, counts, hours and yen each on a chart of its own, with the CSV link", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/departments`);
    await page.getByLabel("年度", { exact: true }).fill("2024");
    await page.getByLabel("年度", { exact: true }).dispatchEvent("change");
    await expect.poll(() => page.locator("form.pick").getAttribute("data-year")).toBe("2024");
    await page.getByLabel("部署", { exact: true }).selectOption({ label: "デジタルサービス局 戦略部" });
    await page.getByRole("button", { name: "表示" }).click();
    expect(await page.locator("table.kpis thead").textContent()).toContain("前年度（令和5年度（2023年度））");
    // Skill coverage against target roles, beside the other KPIs.
    expect(await page.locator("table.kpis tbody").textContent()).toContain(
      "目標ジョブタイプの要件を満たす職員数",
    );
    // Each chart one unit, its axis titled with it: hours never share an axis with counts.
    await expect.poll(() => page.evaluate("Object.keys(window.hrKpiCharts ?? {}).length")).toBe(3);
    const charts = (await page.evaluate(
      "Object.fromEntries(Object.entries(hrKpiCharts).map(([id, c]) => [id, { labels: c.data.labels, unit: c.options.scales.x.title.text }]))",
    )) as Record<string, { labels: string[]; unit: string }>;
    expect(charts["kpis-hours"]).toEqual({ labels: ["研修時間"], unit: "時間" });
    expect(charts["kpis-yen"]).toEqual({ labels: ["補助額（円）"], unit: "円" });
    expect(charts["kpis-count"]?.unit).toBe("人数・件数");
    expect(charts["kpis-count"]?.labels).toEqual(
      expect.arrayContaining(["職員数", "研修修了数", "資格取得数"]),
    );
    expect(charts["kpis-count"]?.labels).not.toContain("研修時間");
    // The department chosen stays chosen.
    expect(await page.locator("#department").inputValue()).toBe("デジタルサービス局 戦略部");
    const csv = await page.locator("a[data-csv]").getAttribute("href");
    const download = await page.evaluate(async (href) => (await fetch(href as string)).text(), csv);
    expect(download).toContain(E);
    await page.screenshot({ path: `${ARTEFACTS}department.png`, fullPage: true });
  }, 120_000);

  it("an open employee page updates when a new record is projected", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/employees/${E}`);
    await expect.poll(() => page.evaluate("document.body.dataset.liveConnected")).toBe("true");
    await post(sync, `/v1/employees/${E}/postings`, {
      requestId: "pg-p3",
      effectiveDate: "2025-04-01",
      department: "デジタルサービス局 開発部",
      post: "主任",
      kind: "POSTING_KIND_REGULAR_TRANSFER",
    });
    await expect
      .poll(() => page.locator("table.timeline").textContent(), { timeout: 60_000 })
      .toContain("デジタルサービス局 開発部");
  }, 120_000);

  it("an employee token opens the employee's own page but not another employee's", async () => {
    const page = await signedIn(["employee"], "PG0002");
    const other = await page.goto(`${sync.service.httpUrl}/pages/employees/${E}`);
    expect(other?.status()).toBe(403);
    expect(await page.locator("[role=alert]").textContent()).toContain("権限がありません");
    const anonymous = await (await browser.newContext()).newPage();
    expect((await anonymous.goto(`${sync.service.httpUrl}/pages/employees/${E}`))?.status()).toBe(401);
  }, 120_000);
  it("deployed (no development sign-in), the pages admit only the Authorization header a sign-in proxy sends", async () => {
    expect((await fetch(`${deployed.service.httpUrl}/pages/sign-in`)).status).toBe(404);
    const form = await fetch(`${deployed.service.httpUrl}/pages/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: await token(["hr-admin"]) }).toString(),
    });
    expect(form.status).toBe(404);
    expect(form.headers.get("set-cookie")).toBeNull();
    const anonymous = await fetch(`${deployed.service.httpUrl}/pages/employees/${E}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("/pages/sign-in");
    // Admitted by the header: this instance has no record of E, so "not found", not "sign in".
    const proxied = await fetch(`${deployed.service.httpUrl}/pages/employees/${E}`, {
      headers: { authorization: `Bearer ${await token(["hr-admin"])}` },
    });
    expect(proxied.status).toBe(404);
  });
  it("a malformed session cookie is refused as a bad token (401) and an out-of-range year as bad input (400), never a server error", async () => {
    const badCookie = await fetch(`${sync.service.httpUrl}/pages/employees/${E}`, {
      headers: { cookie: "hr_session=%" },
    });
    expect(badCookie.status).toBe(401);
    const farYear = await fetch(`${sync.service.httpUrl}/pages/departments?fiscalYear=99999`, {
      headers: { authorization: `Bearer ${await token(["hr-core"])}` },
    });
    expect(farYear.status).toBe(400);
    expect(await farYear.text()).toContain("fiscalYear");
  });
});

describe("the transfer planning page in a real browser", () => {
  /** The employee ids of the due list (or the candidates) as shown. */
  const listed = (page: Page, testId = "due-list") =>
    page
      .getByTestId(testId)
      .locator(":scope > tbody > tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-employee")));

  it("is reachable from the other pages, lists who is due on 1 April of the current fiscal year with their facts, a department chosen from the list changes the list, and the CSV link downloads it", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/departments`);
    await page.getByRole("navigation", { name: "ページ" }).getByRole("link", { name: "異動計画" }).click();
    expect(await page.locator("h1").textContent()).toBe(`異動計画: 異動対象者 ${formatFiscalYear(FY, "ja")}`);
    expect(await page.getByLabel("年度", { exact: true }).inputValue()).toBe(String(FY));
    expect(await listed(page)).toEqual(expect.arrayContaining([CHIEF, RETURNED, SCRIPT, FORMULA]));
    // The chief's facts, names instead of codes, each figure opening to its events.
    const chief = page.locator(`tr[data-employee="${CHIEF}"]`);
    const text = (await chief.textContent()) ?? "";
    expect(text).toContain(`${HR_DEPT} 人事課長 課長`);
    expect(text).toContain("5年");
    expect(text).toContain("ICT職");
    expect(text).toContain("クラウドエンジニア/SRE（不足: ");
    expect(text).toMatch(/GQ 60か月（100%）/);
    expect(text).toContain("次に伸ばす力: DQ（技術力）");
    expect(text).toContain(`令和${FY - 2018}年3月31日（${FY}年）`);
    expect(text).not.toMatch(/cloud-engineer-sre|RANK_|CAPABILITY_/);
    await chief.locator(":scope > td:nth-child(2) summary").click();
    expect(await chief.locator(":scope > td:nth-child(2) details tbody").textContent()).toContain(
      "hr.postings.v1.PostingRecorded",
    );
    expect(await chief.locator(":scope > td:nth-child(8)").textContent()).toContain("IPA-AP");
    const returned = (await page.locator(`tr[data-employee="${RETURNED}"]`).textContent()) ?? "";
    expect(returned).toContain("GovTech東京 1年");
    expect(returned).toContain(`${formatDate(april(FY - 4), "ja")}〜`);
    await page.screenshot({ path: `${ARTEFACTS}planning.png`, fullPage: true });
    // The department is chosen from the year's list; the list shown is that department's.
    const departments = await page.locator("#department option:not([value=''])").allTextContents();
    expect(departments).toEqual(expect.arrayContaining([HR_DEPT, DX_DEPT, SCRIPT_DEPT, FORMULA_DEPT]));
    await page.getByLabel("部署", { exact: true }).selectOption({ label: HR_DEPT });
    await page.getByRole("button", { name: "表示" }).click();
    expect(await listed(page)).toEqual([CHIEF]);
    await page.getByLabel("部署", { exact: true }).selectOption({ label: DX_DEPT });
    await page.getByRole("button", { name: "表示" }).click();
    expect(await listed(page)).toEqual([RETURNED]);
    // The employee's records are a link away.
    await page.getByRole("link", { name: RETURNED }).click();
    expect(await page.locator("h1").textContent()).toBe(`職員の経歴: ${RETURNED}`);
    await page.goBack();
    const csv = await page.locator("a[data-csv]").getAttribute("href");
    const download = await page.evaluate(async (href) => (await fetch(href as string)).text(), csv);
    const rows = parse(download.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.employee_id)).toEqual([RETURNED]);
  }, 120_000);

  it("pages through the due list a page at a time, as the API does", async () => {
    const page = await signedIn(["hr-core"]);
    const reply = await sync.rest("GET", `/v1/due-for-rotation?fiscalYear=${FY}&pageSize=500`);
    const all = (reply.body as { employees: { employeeId: string }[] }).employees.map((e) => e.employeeId);
    expect(all.length).toBeGreaterThan(2);
    await page.goto(`${sync.service.httpUrl}/pages/planning?fiscalYear=${FY}&pageSize=2`);
    const seen = [...(await listed(page))];
    while (await page.getByRole("link", { name: "次のページ" }).count()) {
      await page.getByRole("link", { name: "次のページ" }).click();
      const shown = await listed(page);
      expect(shown.length).toBeLessThanOrEqual(2);
      seen.push(...shown);
    }
    expect(seen).toEqual(all);
    await page.getByRole("link", { name: "最初のページ" }).click();
    expect(await listed(page)).toEqual(all.slice(0, 2));
  }, 120_000);

  it("the candidate search finds a seeded candidate, most requirements met first, each requirement with the employee's fact and the events behind it", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/planning`);
    await page.getByRole("link", { name: "候補者の検索" }).click();
    // The roles offered are the skill map's in force that year, by their names.
    const roles = () => page.locator("#role option:not([value=''])").allTextContents();
    expect(await roles()).toContain("クラウドエンジニア/SRE");
    // Changing the year re-reads the roles and departments: in FY2019 no skill map was in force (the
    // first is FY2024's) and no one here was posted yet.
    const year = page.getByLabel("年度", { exact: true });
    await year.fill("2019");
    await year.dispatchEvent("change");
    await expect.poll(() => page.locator("form.pick").getAttribute("data-year")).toBe("2019");
    expect(await roles()).toEqual([]);
    expect(await page.locator("#department option:not([value=''])").count()).toBe(0);
    await year.fill(String(FY));
    await year.dispatchEvent("change");
    await expect.poll(() => page.locator("form.pick").getAttribute("data-year")).toBe(String(FY));
    expect(await roles()).toContain("クラウドエンジニア/SRE");
    await page.getByLabel("必要なスキル 1", { exact: true }).selectOption({ label: "クラウド基盤" });
    await page.getByLabel("最低レベル 1", { exact: true }).fill("3");
    await page.getByLabel("最低勤続年数", { exact: true }).fill("1");
    await page.getByRole("button", { name: "検索" }).click();
    const ids = await listed(page, "candidates");
    expect(ids[0]).toBe(E);
    const row = page.locator(`[data-testid=candidates] tr[data-employee="${E}"]`);
    expect(await row.locator("td").first().textContent()).toBe("2 / 2");
    const skill = row.locator("li.met", { hasText: "クラウド基盤 最低レベル 3 → レベル 3（満たす）" });
    await skill.locator("summary").click();
    expect(await skill.locator("tbody").textContent()).toContain("hr.skills.v1.SkillAssessed");
    expect(await skill.locator("tbody").textContent()).toContain("令和6年10月1日（2024年）");
    // Someone meeting one of the two is listed after, with the requirement not met said so.
    const chief = page.locator(`[data-testid=candidates] tr[data-employee="${CHIEF}"]`);
    expect(await chief.locator("td").first().textContent()).toBe("1 / 2");
    expect(await chief.locator("li.unmet").textContent()).toContain(
      "クラウド基盤 最低レベル 3 → レベル 0（満たさない）",
    );
    expect(ids.indexOf(CHIEF)).toBeGreaterThan(0);
    // The form keeps what was searched for.
    expect(await page.getByLabel("必要なスキル 1", { exact: true }).inputValue()).toBe(
      "cloud-infrastructure",
    );
    // Wide enough for the requirements beside every column of facts (narrower, the table scrolls).
    await page.setViewportSize({ width: 1700, height: 900 });
    await page.screenshot({ path: `${ARTEFACTS}candidates.png`, fullPage: true });
  }, 120_000);

  it("bad input is named field by field in Japanese on the form, an empty result says so, and an employee is refused", async () => {
    const page = await signedIn(["hr-core"]);
    const tooMany = await page.goto(`${sync.service.httpUrl}/pages/planning?minYearsInPost=99`);
    expect(tooMany?.status()).toBe(400);
    expect(await page.getByTestId("problems").textContent()).toContain(
      "在職年数（以上）: 0から40までの整数を入力してください。",
    );
    expect(await page.locator("#minYearsInPost").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#minYearsInPost").inputValue()).toBe("99");
    await page.goto(`${sync.service.httpUrl}/pages/planning?minYearsInPost=99&lang=en`);
    expect(await page.getByTestId("problems").textContent()).toContain(
      "Years in post (at least): Enter a whole number from 0 to 40.",
    );
    // A skill without its level, in the form the browser sends (its own checks bypassed).
    await page.goto(`${sync.service.httpUrl}/pages/planning/candidates`);
    await page.locator("form.search").evaluate((f) => f.setAttribute("novalidate", ""));
    await page.getByLabel("必要なスキル 2", { exact: true }).selectOption({ label: "クラウド基盤" });
    await page.getByRole("button", { name: "検索" }).click();
    expect(await page.getByTestId("problems").textContent()).toContain(
      "最低レベル 2: 1から7までの整数を入力してください。",
    );
    expect(await page.locator("#level2").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("problems").getByRole("link").getAttribute("href")).toBe("#level2");
    // A role the skill map of the year does not hold is refused by rule, naming the role field.
    const noMap = await page.goto(
      `${sync.service.httpUrl}/pages/planning/candidates?search=1&fiscalYear=2020&role=cloud-engineer-sre`,
    );
    expect(noMap?.status()).toBe(422);
    expect(await page.getByTestId("problems").textContent()).toContain(
      "ジョブタイプ（スキルマップの要件）: 令和2年度（2020年度）のスキルマップにないジョブタイプです。",
    );
    const badToken = await page.goto(`${sync.service.httpUrl}/pages/planning?pageToken=xyz`);
    expect(badToken?.status()).toBe(422);
    expect(await page.getByTestId("problems").textContent()).toContain("最初のページから表示してください");
    await page.getByRole("link", { name: "最初のページ" }).click();
    expect(await listed(page)).toContain(CHIEF);
    // Nothing found is said.
    await page.goto(`${sync.service.httpUrl}/pages/planning?minYearsInPost=40`);
    expect(await page.getByTestId("due-count").textContent()).toBe(
      `${formatDate(april(FY), "ja")}に在職40年以上の職員はいません。`,
    );
    await page.goto(
      `${sync.service.httpUrl}/pages/planning/candidates?search=1&minRank=RANK_DIRECTOR_GENERAL`,
    );
    expect(await page.getByTestId("candidate-count").textContent()).toBe("条件に合う職員はいません。");
    // An employee gets the refusal other pages give.
    const staff = await signedIn(["employee"], CHIEF);
    for (const path of ["/pages/planning", "/pages/planning/candidates?search=1"]) {
      expect((await staff.goto(`${sync.service.httpUrl}${path}`))?.status()).toBe(403);
      expect(await staff.locator("[role=alert]").textContent()).toContain("権限がありません");
    }
    const csv = await fetch(`${sync.service.httpUrl}/pages/due-for-rotation.csv?fiscalYear=${FY}`, {
      headers: { authorization: `Bearer ${await token(["employee"], CHIEF)}` },
    });
    expect(csv.status).toBe(403);
  }, 120_000);

  it("department names that are markup or a formula are text on the page, and a plain cell in the CSV", async () => {
    const page = await signedIn(["hr-core"]);
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(`${sync.service.httpUrl}/pages/planning`);
    await page.getByLabel("部署", { exact: true }).selectOption({ label: SCRIPT_DEPT });
    await page.getByRole("button", { name: "表示" }).click();
    expect(await listed(page)).toEqual([SCRIPT]);
    expect(await page.locator(`tr[data-employee="${SCRIPT}"] > td:nth-child(2)`).textContent()).toContain(
      SCRIPT_DEPT,
    );
    expect(await page.locator("#department").inputValue()).toBe(SCRIPT_DEPT);
    expect(await page.locator("body script").count()).toBe(0);
    await page.getByLabel("部署", { exact: true }).selectOption({ label: FORMULA_DEPT });
    await page.getByRole("button", { name: "表示" }).click();
    expect(await page.locator(`tr[data-employee="${FORMULA}"] > td:nth-child(2)`).textContent()).toContain(
      FORMULA_DEPT,
    );
    const csv = await page.locator("a[data-csv]").getAttribute("href");
    const download = await page.evaluate(async (href) => (await fetch(href as string)).text(), csv);
    const [row] = parse(download.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(row?.department).toBe(`'${FORMULA_DEPT}`);
    // In the candidate search too (a search naming no requirement lists everyone in scope).
    await page.goto(`${sync.service.httpUrl}/pages/planning/candidates`);
    await page.getByLabel("部署", { exact: true }).selectOption({ label: SCRIPT_DEPT });
    await page.getByRole("button", { name: "検索" }).click();
    expect(await listed(page, "candidates")).toEqual([SCRIPT]);
    expect(await page.locator("body script").count()).toBe(0);
    expect(dialogs).toEqual([]);
  }, 120_000);
});
