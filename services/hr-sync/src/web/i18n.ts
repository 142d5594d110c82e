/**
 * The pages' words and formats: Japanese by default, English with `?lang=en`. Dates show the Japanese era
 * (令和) beside the western year, as HR forms do; fiscal years run April to March.
 */
export type Lang = "ja" | "en";

export const langOf = (query: unknown): Lang =>
  (query as Record<string, unknown> | undefined)?.lang === "en" ? "en" : "ja";

const WORDS = {
  ja: {
    appName: "人事記録",
    skip: "本文へ移動",
    signIn: "サインイン（開発用）",
    signInHelp:
      "ローカル環境用です。pnpm dev-token で発行したトークンを貼り付けてください。トークンは HttpOnly クッキーに保存され、URL には含まれません。",
    token: "アクセストークン",
    submit: "サインイン",
    signOut: "サインアウト",
    employee: "職員",
    employeePage: "職員の経歴",
    currentStatus: "現在の状況",
    since: "開始日",
    timeline: "経歴タイムライン",
    timelineTable: "経歴の一覧（タイムラインと同じ内容）",
    row: "区分",
    what: "内容",
    from: "開始",
    to: "終了",
    posting: "所属",
    jobType: "職種",
    secondment: "派遣",
    overseas: "海外派遣研修",
    certification: "資格",
    balance: "DQ/GQ バランス",
    months: "か月",
    unclassified: "未分類",
    evaluations: "年度ごとの評価の根拠",
    evaluationPage: "評価の根拠",
    evidenceNote: "このページは評価の根拠となる事実（イベント）を示すものであり、点数や評定ではありません。",
    events: "根拠のイベント",
    eventId: "イベントID",
    eventType: "種類",
    effectiveDate: "効力発生日",
    training: "研修の修了",
    trainingHours: "研修時間",
    certifications: "資格の取得",
    subsidies: "補助",
    skills: "スキル（年度初め→年度末）",
    targetRole: "目標ジョブタイプ（年度末）",
    meetsTargetRole: "要件をすべて満たす",
    skillsShort: "不足するスキル:",
    secondmentMonths: "派遣月数",
    overseasSteps: "海外派遣研修の段階",
    jobTypeChanges: "職種の変更",
    atTransfer: "異動時評価の期限",
    surveys: "研修効果アンケート",
    none: "なし",
    department: "部署",
    departmentPage: "部署の KPI",
    chooseDepartment: "部署を選んでください",
    noDepartments: "この年度に記録のある部署はありません",
    kpiChart: "KPI の比較",
    kpiTable: "KPI の一覧（グラフと同じ内容）",
    units: { count: "人数・件数", hours: "時間", yen: "円", score: "点" } as Record<string, string>,
    fiscalYear: "年度",
    kpi: "指標",
    thisYear: "当年度",
    previousYear: "前年度",
    csv: "評価記録を CSV でダウンロード",
    show: "表示",
    live: "記録が更新されると自動で再表示します。",
    updated: "記録が更新されました",
    present: "現在",
    hours: "時間",
    status: {
      EMPLOYMENT_STATUS_IN_POST: "在籍",
      EMPLOYMENT_STATUS_ON_SECONDMENT: "派遣中",
      EMPLOYMENT_STATUS_TRANSFERRED_OUT: "転籍",
      EMPLOYMENT_STATUS_UNSPECIFIED: "不明",
    } as Record<string, string>,
    hostKind: {
      HOST_KIND_PRIVATE_FIRM: "民間企業",
      HOST_KIND_GOVTECH_TOKYO: "GovTech東京",
      HOST_KIND_DIGITAL_AGENCY: "デジタル庁",
      HOST_KIND_AFFILIATED_BODY: "監理団体",
      HOST_KIND_PUBLIC_INTEREST_BODY: "公益法人",
      HOST_KIND_OTHER_PUBLIC_BODY: "その他の公的団体",
      HOST_KIND_OTHER: "その他",
    } as Record<string, string>,
    kpis: {
      employeeCount: "職員数",
      completions: "研修修了数",
      trainingHours: "研修時間",
      certifications: "資格取得数",
      subsidies: "補助件数",
      subsidyAmountYen: "補助額（円）",
      overseasTrainees: "海外派遣研修者数",
      employeesWithSkillGains: "スキルが向上した職員数",
      employeesWithAssessedSkills: "スキル評価を受けた職員数",
      employeesWithTargetRole: "目標ジョブタイプのある職員数",
      employeesMeetingTargetRole: "目標ジョブタイプの要件を満たす職員数",
      averageSurveyChange: "アンケートの平均変化",
      surveyResults: "アンケート回答数",
    } as Record<string, string>,
    errors: {
      401: "サインインが必要です。",
      403: "このページを表示する権限がありません。",
      404: "記録が見つかりません。",
      400: "入力が正しくありません。",
    } as Record<number, string>,
  },
  en: {
    appName: "HR records",
    skip: "Skip to content",
    signIn: "Sign in (development)",
    signInHelp:
      "For the local system: paste a token issued by pnpm dev-token. It is kept in an HttpOnly cookie, never in a URL.",
    token: "Access token",
    submit: "Sign in",
    signOut: "Sign out",
    employee: "Employee",
    employeePage: "Career",
    currentStatus: "Current status",
    since: "Since",
    timeline: "Career timeline",
    timelineTable: "Career entries (same as the timeline)",
    row: "Kind",
    what: "What",
    from: "From",
    to: "To",
    posting: "Post",
    jobType: "Job type",
    secondment: "Secondment",
    overseas: "Overseas training",
    certification: "Certification",
    balance: "DQ/GQ balance",
    months: "months",
    unclassified: "unclassified",
    evaluations: "Evaluation evidence by fiscal year",
    evaluationPage: "Evaluation evidence",
    evidenceNote: "This page shows the evidence (the recorded events) for an evaluation, not a score.",
    events: "Events behind it",
    eventId: "Event id",
    eventType: "Type",
    effectiveDate: "Effective",
    training: "Training completed",
    trainingHours: "Training hours",
    certifications: "Certifications",
    subsidies: "Subsidies",
    skills: "Skills (start → end of year)",
    targetRole: "Target role (end of year)",
    meetsTargetRole: "meets every requirement",
    skillsShort: "skills short:",
    secondmentMonths: "Months seconded",
    overseasSteps: "Overseas training steps",
    jobTypeChanges: "Job type changes",
    atTransfer: "Evaluations due at transfer",
    surveys: "Training survey effect",
    none: "none",
    department: "Department",
    departmentPage: "Department KPIs",
    chooseDepartment: "Choose a department",
    noDepartments: "No department has records in this fiscal year",
    kpiChart: "KPIs compared",
    kpiTable: "KPIs (same as the charts)",
    units: { count: "people and items", hours: "hours", yen: "yen", score: "points" } as Record<
      string,
      string
    >,
    fiscalYear: "Fiscal year",
    kpi: "KPI",
    thisYear: "This year",
    previousYear: "Year before",
    csv: "Download the evaluation records (CSV)",
    show: "Show",
    live: "The page refreshes when records change.",
    updated: "Records changed",
    present: "present",
    hours: "hours",
    status: {
      EMPLOYMENT_STATUS_IN_POST: "In post",
      EMPLOYMENT_STATUS_ON_SECONDMENT: "On secondment",
      EMPLOYMENT_STATUS_TRANSFERRED_OUT: "Transferred out",
      EMPLOYMENT_STATUS_UNSPECIFIED: "Unknown",
    } as Record<string, string>,
    hostKind: {
      HOST_KIND_PRIVATE_FIRM: "Private firm",
      HOST_KIND_GOVTECH_TOKYO: "GovTech Tokyo",
      HOST_KIND_DIGITAL_AGENCY: "Digital Agency",
      HOST_KIND_AFFILIATED_BODY: "Affiliated body",
      HOST_KIND_PUBLIC_INTEREST_BODY: "Public-interest body",
      HOST_KIND_OTHER_PUBLIC_BODY: "Other public body",
      HOST_KIND_OTHER: "Other",
    } as Record<string, string>,
    kpis: {
      employeeCount: "Employees",
      completions: "Training completions",
      trainingHours: "Training hours",
      certifications: "Certifications",
      subsidies: "Subsidies",
      subsidyAmountYen: "Subsidy amount (yen)",
      overseasTrainees: "Overseas trainees",
      employeesWithSkillGains: "Employees with skill gains",
      employeesWithAssessedSkills: "Employees with assessed skills",
      employeesWithTargetRole: "Employees with a target role",
      employeesMeetingTargetRole: "Employees meeting their target role",
      averageSurveyChange: "Average survey change",
      surveyResults: "Survey results",
    } as Record<string, string>,
    errors: {
      401: "Please sign in.",
      403: "You may not open this page.",
      404: "No such record.",
      400: "The request is not valid.",
    } as Record<number, string>,
  },
};

export type Words = (typeof WORDS)["ja"];
export const wordsFor = (lang: Lang): Words => WORDS[lang];

const asUtcDate = (day: string) => new Date(`${day}T00:00:00Z`);
const eraFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});
const westernYear = new Intl.DateTimeFormat("ja-JP", { year: "numeric", timeZone: "UTC" });
const englishDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** `2025-03-31` → `令和7年3月31日（2025年）`, or `31 March 2025`; empty stays empty. */
export function formatDate(day: string, lang: Lang): string {
  if (!day) return "";
  const date = asUtcDate(day);
  return lang === "en"
    ? englishDate.format(date)
    : `${eraFormat.format(date)}（${westernYear.format(date)}）`;
}

const eraYear = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** Fiscal year 2024 (April 2024 to March 2025) → `令和6年度（2024年度）`, or `FY2024`. */
export function formatFiscalYear(fiscalYear: number, lang: Lang): string {
  if (lang === "en") return `FY${fiscalYear}`;
  return `${eraYear.format(asUtcDate(`${fiscalYear}-04-01`))}度（${fiscalYear}年度）`;
}

export const formatNumber = (value: number, lang: Lang) =>
  new Intl.NumberFormat(lang === "en" ? "en-GB" : "ja-JP", { maximumFractionDigits: 1 }).format(value);
