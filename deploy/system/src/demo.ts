// Demo data for `./run up`: a few ICT staff with careers that show what the system is for. Loaded
// through the services' public REST APIs with fixed request ids, so loading twice records nothing new.
import { signToken } from "@hr/kit";
import { hrSyncRecords } from "./hr-sync-records";
import { newTraceparent } from "./zipkin";

/** The ids the reply to the request before gave, for a path that depends on it. */
type Previous = { secondmentId?: string; applicationId?: string };

/** A request; its path may depend on the reply to the one before (e.g. the secondment id it gave). */
type Post = {
  path: string | ((previous: Previous) => string);
  method?: "POST" | "PUT";
  body: Record<string, unknown>;
  /** Polled (GET) before the post until `ready` holds: a fact another service publishes must arrive first. */
  after?: { path: string; ready: (body: Record<string, unknown>) => boolean; what: string };
};

/** Three staff: a job type changer (電気職 -> ICT), a first-cohort ICT hire, a mid-career data specialist. */
function skillsDemo(): Post[] {
  const staff: Array<{ id: string; steps: Post[] }> = [
    {
      id: "E1001",
      steps: [
        jobType("ELECTRICAL", "2019-04-01", "HIRING"),
        jobType(
          "ICT",
          "2023-04-01",
          "QUALIFICATION",
          "Registered Information Security Specialist (情報処理安全確保支援士)",
        ),
        assess("security-engineering", 4, "EXPERT", "2024-10-01"),
        assess("network", 3, "MANAGER", "2024-10-01"),
        assess("cloud-infrastructure", 2, "SELF", "2024-09-15"),
        {
          path: "target-role",
          method: "PUT",
          body: { roleId: "cybersecurity-engineer", effectiveDate: "2024-04-01" },
        },
        {
          path: "career-track",
          method: "PUT",
          body: { track: "CAREER_TRACK_SPECIALIST", effectiveDate: "2024-04-01" },
        },
      ],
    },
    {
      id: "E1002",
      steps: [
        jobType("ICT", "2021-04-01", "HIRING", "First ICT cohort"),
        assess("service-design", 3, "MANAGER", "2024-11-01"),
        assess("ux-design", 3, "SELF", "2024-11-01"),
        assess("project-management", 2, "MANAGER", "2024-11-01"),
        {
          path: "target-role",
          method: "PUT",
          body: { roleId: "service-designer", effectiveDate: "2024-04-01" },
        },
        {
          path: "career-track",
          method: "PUT",
          body: { track: "CAREER_TRACK_MANAGEMENT", effectiveDate: "2025-04-01" },
        },
      ],
    },
    {
      id: "E1003",
      steps: [
        jobType("ICT", "2022-10-01", "HIRING", "Mid-career (career-use) selection"),
        assess("data-analysis", 4, "EXPERT", "2025-05-20"),
        assess("data-engineering", 3, "MANAGER", "2025-05-20"),
        assess("machine-learning", 2, "SELF", "2025-05-20"),
        {
          path: "target-role",
          method: "PUT",
          body: { roleId: "data-scientist", effectiveDate: "2025-04-01" },
        },
      ],
    },
  ];
  return staff.flatMap(({ id, steps }) =>
    steps.map((step, i) => ({
      ...step,
      path: `/v1/employees/${id}/${step.path}`,
      body: { requestId: `demo-${id}-${i}`, ...step.body },
    })),
  );
}

/**
 * Secondments of the same three staff: E1002 a year at the Digital Agency (deputy section chief), then
 * straight on to GovTech Tokyo (deputy group leader) with the home post kept; E1001 a year at a network
 * vendor with a year plan, then the return to a post; E1003 a private-firm secondment agreed for next year.
 */
function secondmentDemo(): Post[] {
  const home = {
    homeDepartment: "Digital Services Bureau",
    homePost: "General Affairs Section, on secondment",
  };
  const started = (employee: string, body: Record<string, unknown>): Post => ({
    path: `/v1/employees/${employee}/secondment-starts`,
    body: { ...home, ...body },
  });
  const then = (employee: string, step: string, body: Record<string, unknown>): Post => ({
    path: (previous) => `/v1/employees/${employee}/secondments/${previous.secondmentId}/${step}`,
    body,
  });
  const host = (hostId: string, name: string): Post => ({
    path: "/v1/hosts",
    body: { hostId, kind: "HOST_KIND_PRIVATE_FIRM", name, effectiveDate: "2020-04-01" },
  });
  const posts: Post[] = [
    host("network-vendor", "Network vendor (demo)"),
    host("printing-cloud-coe", "Printing company, Cloud Center of Excellence (demo)"),
    started("E1002", {
      hostId: "digital-agency",
      hostDepartment: "Citizen Services Group",
      hostTitle: "deputy section chief",
      startsOn: "2023-04-01",
      plannedEndOn: "2024-03-31",
    }),
    then("E1002", "end", { endedOn: "2024-03-31", reason: "END_REASON_COMPLETED" }),
    started("E1002", {
      hostId: "govtech-tokyo",
      hostDepartment: "Digital Service Division",
      hostTitle: "deputy group leader",
      startsOn: "2024-04-01",
      plannedEndOn: "2026-03-31",
    }),
    started("E1001", {
      hostId: "network-vendor",
      hostDepartment: "Network Engineering",
      hostTitle: "engineer",
      startsOn: "2024-04-01",
      plannedEndOn: "2025-03-31",
      yearPlan: [
        { name: "network basics", startsOn: "2024-04-01", endsOn: "2024-06-30" },
        { name: "practice on a real project", startsOn: "2024-07-01", endsOn: "2024-09-30" },
        { name: "security", startsOn: "2024-10-01", endsOn: "2024-12-31" },
      ],
    }),
    then("E1001", "end", {
      endedOn: "2025-03-31",
      reason: "END_REASON_COMPLETED",
      returnedToDepartment: "Digital Services Bureau",
      returnedToPost: "Network Section",
    }),
    {
      path: "/v1/employees/E1003/secondments",
      body: {
        ...home,
        hostId: "printing-cloud-coe",
        hostDepartment: "Cloud Center of Excellence",
        hostTitle: "engineer",
        plannedStartOn: "2026-04-01",
        plannedEndOn: "2027-03-31",
        agreedOn: "2026-01-15",
      },
    },
  ];
  return posts.map((post, i) => ({ ...post, body: { requestId: `demo-secondment-${i}`, ...post.body } }));
}

function jobType(toJobType: string, effectiveDate: string, basis: string, basisDetail?: string): Post {
  return {
    path: "job-type-changes",
    body: {
      toJobType,
      effectiveDate,
      basis: `JOB_TYPE_CHANGE_BASIS_${basis}`,
      ...(basisDetail ? { basisDetail } : {}),
    },
  };
}

function assess(skillId: string, level: number, assessor: string, assessedOn: string): Post {
  return { path: "assessments", body: { skillId, level, assessor: `ASSESSOR_KIND_${assessor}`, assessedOn } };
}

/** Postings HR core records in hr-sync for the same three staff (Japanese department names, as in HR). */
function hrSyncDemo(): Post[] {
  const posting = (
    id: string,
    effectiveDate: string,
    department: string,
    post: string,
    rank: string,
    kind = "REGULAR_TRANSFER",
  ) => ({
    path: `/v1/employees/${id}/postings`,
    body: {
      requestId: `demo-posting-${id}-${effectiveDate}`,
      effectiveDate,
      department,
      post,
      kind: `POSTING_KIND_${kind}`,
      rank: `RANK_${rank}`,
    },
  });
  return [
    posting("E1001", "2019-04-01", "建設局 道路管理部", "主事", "STAFF", "NEW_HIRE"),
    posting("E1001", "2023-04-01", "デジタルサービス局 総務部", "主任", "CHIEF"),
    // Seconded to a network vendor for FY2024 (the secondment demo), then back to a post.
    posting(
      "E1001",
      "2025-04-01",
      "デジタルサービス局 ネットワーク担当",
      "主任",
      "CHIEF",
      "RETURN_FROM_SECONDMENT",
    ),
    posting("E1002", "2021-04-01", "デジタルサービス局 総務部", "主事", "STAFF", "NEW_HIRE"),
    posting(
      "E1003",
      "2022-10-01",
      "デジタルサービス局 データ利活用担当",
      "課長",
      "SECTION_CHIEF",
      "NEW_HIRE",
    ),
    posting("E1003", "2025-04-01", "総務局 人事部", "課長", "SECTION_CHIEF"),
  ];
}

/**
 * Training for the same staff: completions (one from an e-learning platform's list), a survey pair, a
 * certification with its exam fee subsidy, a nomination, and the FY2024 overseas dispatch training
 * programme with one trainee whose report was presented, one whose report is overdue and one candidate.
 * Applications wait until the training service has learnt the applicants' job types from hr.skills.v1.
 */
function trainingDemo(): Post[] {
  let n = 0;
  const post = (id: string, path: string, body: Record<string, unknown>): Post => ({
    path: `/v1/employees/${id}/${path}`,
    body: { requestId: `demo-tr-${id}-${path}-${++n}`, ...body },
  });
  const eligible = (id: string): Post["after"] => ({
    path: `/v1/employees/${id}/overseas-training-eligibility?on=2024-04-20`,
    ready: (body) => body.eligible === true,
    what: `${id}'s job type consumed from hr.skills.v1`,
  });
  const destinations = [
    {
      name: "City of Copenhagen",
      kind: "DESTINATION_KIND_GOVERNMENT_BODY",
      countryCode: "DK",
      city: "Copenhagen",
    },
    {
      name: "Technical University of Denmark",
      kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
      countryCode: "DK",
      city: "Lyngby",
    },
  ];
  const apply = (id: string, theme: string): Post => ({
    path: "/v1/overseas-trainings",
    body: {
      requestId: `demo-tr-apply-${id}`,
      employeeId: id,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      theme,
      learningGoals: [`Learn how ${destinations[0]?.city} designs digital public services`],
      candidateDestinations: destinations,
      kind: "APPLICATION_KIND_INDIVIDUAL",
    },
    after: eligible(id),
  });
  return [
    post("E1001", "completions", { courseId: "security-handson", completedOn: "2024-07-10", hours: 14 }),
    post("E1001", "subsidies", {
      certificationCode: "IPA-SC",
      examOn: "2022-10-09",
      kind: "SUBSIDY_KIND_EXAM_FEE",
      requestedAmountYen: 7500,
      requestedOn: "2022-08-01",
    }),
    post("E1001", "certifications", { certificationCode: "IPA-SC", acquiredOn: "2022-12-16" }),
    post("E1002", "nominations", {
      courseId: "dx-basics",
      fiscalYear: 2024,
      unitCode: "DSB-DIGITAL-SERVICES",
      nominatedOn: "2024-04-05",
    }),
    post("E1002", "surveys", {
      courseId: "service-design-practice",
      phase: "SURVEY_PHASE_PRE",
      answeredOn: "2024-05-01",
      answers: [{ itemId: "sd-awareness", kind: "SURVEY_ITEM_KIND_AWARENESS", score: 2 }],
    }),
    post("E1002", "completions", {
      courseId: "service-design-practice",
      completedOn: "2024-05-30",
      hours: 12,
    }),
    post("E1002", "surveys", {
      courseId: "service-design-practice",
      phase: "SURVEY_PHASE_POST",
      answeredOn: "2024-06-10",
      answers: [{ itemId: "sd-awareness", kind: "SURVEY_ITEM_KIND_AWARENESS", score: 4 }],
    }),
    post("E1003", "completions", {
      courseId: "udemy-python-data",
      completedOn: "2024-06-02",
      hours: 20,
      score: 95,
    }),
    {
      path: "/v1/programme-years",
      method: "PUT",
      body: {
        requestId: "demo-tr-fy2024",
        programmeYear: {
          fiscalYear: 2024,
          capacity: 6,
          applicationOpensOn: "2024-04-01",
          applicationClosesOn: "2024-05-31",
        },
      },
    },
    apply("E1002", "Service design in Nordic cities"),
    ...programme("E1002", [
      ...SELECTED,
      ...ABROAD,
      ["report", { submittedOn: "2024-12-20" }],
      ["report-presentation", { presentedOn: "2025-01-30" }],
      [
        "report-publication",
        {
          publishedOn: "2025-02-10",
          channels: ["PUBLICATION_CHANNEL_BUREAU_WEBSITE", "PUBLICATION_CHANNEL_DIGITAL_ACADEMY_PORTAL"],
        },
      ],
    ]),
    apply("E1001", "Security operations of a national digital agency"),
    ...programme("E1001", [...SELECTED, ...ABROAD]),
    apply("E1003", "Generative AI and data platforms in public services"),
    ...programme("E1003", SELECTED),
  ];
}

type Step = [string, Record<string, unknown>];
const SELECTED: Step[] = [
  [
    "screening",
    {
      screenedOn: "2024-06-10",
      planScore: 82,
      englishScore: 74,
      passed: true,
      screenedBy: ["Digital HR Strategy Section", "GovTech Tokyo"],
    },
  ],
  ["selection", { selectedOn: "2024-06-20" }],
];
const ABROAD: Step[] = [
  [
    "appointments",
    {
      confirmedOn: "2024-08-01",
      destination: {
        name: "City of Copenhagen",
        kind: "DESTINATION_KIND_GOVERNMENT_BODY",
        countryCode: "DK",
        city: "Copenhagen",
      },
      visitOn: "2024-10-07",
    },
  ],
  [
    "certification",
    {
      certifiedOn: "2024-08-20",
      plannedDepartureOn: "2024-10-05",
      plannedReturnOn: "2024-10-26",
      interpreterSupport: true,
    },
  ],
  ["departure", { departedOn: "2024-10-05" }],
  ["return", { returnedOn: "2024-10-26" }],
];

/** Steps of the application the request before created or moved on (each reply names it). */
function programme(employeeId: string, steps: Step[]): Post[] {
  return steps.map(([step, body]) => ({
    path: ({ applicationId }) => `/v1/overseas-trainings/${applicationId}/${step}`,
    body: { requestId: `demo-tr-${employeeId}-${step}`, ...body },
  }));
}

const DEMO: Record<string, () => Post[]> = {
  skills: skillsDemo,
  training: trainingDemo,
  secondment: secondmentDemo,
  "hr-sync": hrSyncDemo,
};

/** What loading left to show: the records read back, and the one trace the loading ran in. */
export interface DemoLoaded {
  records: string[];
  traceId: string;
}

/**
 * Loads the demo data of each running service; returns the records to show once loaded. Every request
 * carries one `traceparent`, so the whole load (the calls, the appends, the publishes and hr-sync's
 * projections of them) is one trace through every service.
 */
export async function loadDemoData(
  services: Array<{ name: string; httpUrl: string; grpcAddress: string }>,
  secret: string,
  log: (line: string) => void,
): Promise<DemoLoaded> {
  const token = await signToken(secret, { subject: "demo-loader", roles: ["hr-admin"], ttl: "10m" });
  const { traceId, traceparent } = newTraceparent();
  const headers = { authorization: `Bearer ${token}`, traceparent };
  for (const service of services) {
    const posts = DEMO[service.name]?.() ?? [];
    let previous: Previous = {};
    for (const post of posts) {
      if (post.after) await poll(service.httpUrl, headers, post.after);
      const path = typeof post.path === "function" ? post.path(previous) : post.path;
      const response = await fetch(`${service.httpUrl}${path}`, {
        method: post.method ?? "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(post.body),
      }).catch((error: Error) => {
        // fetch says only "fetch failed"; the cause (e.g. ECONNREFUSED) says whether the service died.
        const cause = (error.cause as Error | undefined)?.message ?? error.message;
        throw new Error(
          `demo data: ${post.method ?? "POST"} ${service.name} ${path} failed (${cause}); is ${service.name} still running? Its log says why it stopped`,
        );
      });
      if (!response.ok) {
        throw new Error(
          `demo data: ${post.method ?? "POST"} ${path} -> ${response.status} ${await response.text()}`,
        );
      }
      previous = (await response.json()) as Previous;
    }
    if (posts.length > 0) log(`[up] demo data: ${posts.length} requests to ${service.name}`);
  }
  const hrSync = services.find((s) => s.name === "hr-sync");
  const withSecondments = services.some((s) => s.name === "secondment");
  const records = hrSync ? await hrSyncRecords(hrSync.grpcAddress, secret, { withSecondments }) : [];
  return { records, traceId };
}

/** Polls a GET until `ready` holds (at most a minute): another service's event must have arrived. */
async function poll(
  baseUrl: string,
  headers: Record<string, string>,
  after: NonNullable<Post["after"]>,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${baseUrl}${after.path}`, { headers });
    if (response.ok && after.ready((await response.json()) as Record<string, unknown>)) return;
    if (Date.now() > deadline) throw new Error(`demo data: timed out waiting for ${after.what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
