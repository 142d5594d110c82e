import { existsSync, mkdirSync } from "node:fs";
import { type Role, signToken, startEventSourcedService } from "@hr/kit";
import { serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondmentService } from "../../secondment/src/secondment.service";
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

/** A browser page signed in through the development sign-in form with a token of these roles. */
async function signedIn(roles: Role[], employeeId?: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${sync.service.httpUrl}/pages/sign-in`);
  await page.getByLabel("アクセストークン").fill(await token(roles, employeeId));
  await page.getByRole("button", { name: "サインイン" }).click();
  return page;
}

const E = "PG0001";
type RotationJson = { secondments: { endedOn: string }[]; assignments: unknown[]; certifications: unknown[] };

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
      return r?.secondments?.[0]?.endedOn && r.assignments.length === 2 && r.certifications?.length === 1
        ? true
        : undefined;
    },
    {
      timeoutMs: 90_000,
      what: "the rotation record with the ended secondment, both postings and the certification",
    },
  );
}, 180_000);

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
    await page.screenshot({ path: `${ARTEFACTS}evaluation.png`, fullPage: true });
  }, 120_000);

  it("the department page shows the year's KPIs beside the year before, with the CSV link", async () => {
    const page = await signedIn(["hr-core"]);
    await page.goto(`${sync.service.httpUrl}/pages/departments`);
    await page.getByLabel("部署", { exact: true }).fill("デジタルサービス局 戦略部");
    await page.getByLabel("年度", { exact: true }).fill("2024");
    await page.getByRole("button", { name: "表示" }).click();
    expect(await page.locator("table.kpis thead").textContent()).toContain("前年度（令和5年度（2023年度））");
    // Skill coverage against target roles, beside the other KPIs.
    expect(await page.locator("table.kpis tbody").textContent()).toContain(
      "目標ジョブタイプの要件を満たす職員数",
    );
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
