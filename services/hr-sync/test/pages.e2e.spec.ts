import { existsSync, mkdirSync } from "node:fs";
import { type Role, signToken, startEventSourcedService } from "@hr/kit";
import { serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { secondmentService } from "../../secondment/src/secondment.service";
import { skillsService } from "../../skills/src/skills.service";
import { trainingService } from "../../training/src/training.service";
import { hrSyncService } from "../src/hr-sync.service";

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
}, 180_000);

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
