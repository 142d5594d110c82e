// The demo careers `./run up` loads: invented ICT staff of a metropolitan government (ids only; hosts
// with invented names), following ../shared/DOMAIN.md. One list of requests per service, in the order
// they must be sent; request ids are fixed, so loading twice records nothing new.
//
//   E1001  hired 2019 as electrical engineer; exam fee subsidy, then the Registered Information Security
//          Specialist qualification; changes to ICT in April 2023; seconded to a network vendor for FY2024
//          (with the host's year plan), back to a post in April 2025.
//   E1002  first ICT cohort (April 2021); seconded in the second year (FY2022) to a printing company's Cloud
//          Center of Excellence; back in April 2023; FY2024 overseas dispatch training, report published.
//   E1003  mid-career ICT hire (October 2022); the Digital Agency for FY2023 as deputy section chief, then
//          straight on to GovTech Tokyo as deputy group leader, home post kept; FY2024 overseas dispatch
//          training with E1005 as a group.
//   E1004  first ICT cohort; FY2024 overseas dispatch training, back in November 2024: report overdue.
//   E1005  administrative staff since 2016, ICT since April 2022 by the job type change selection.
//   E1006  ICT hire of April 2023; applies for FY2024 and is not passed at the screening (rejected).
//   E1007  administrative staff since 2017, ICT since April 2021 by the job type change selection, section
//          chief of the data section since then (five years in post on 1 April 2026, a manager: evaluated
//          at transfer); database specialist.
//   E1008  ICT hire of April 2023 in the data section (three years in post on 1 April 2026).
//   E1009  ICT hire of April 2024 in the data section (two years: not yet due); data engineering.
// The FY2024 programme year has six places; E1002, E1003, E1004 and E1005 take four.
// Transfer planning for FY2026 (PLANNING_DEMO): the data section's due list is E1007, E1005 and E1008; the
// search for a data post in a GQ bureau finds E1003 and E1008 meeting every requirement, then E1007.

/**
 * The transfer-planning questions `./run up` asks of the careers above: the due list of one department on
 * 1 April 2026, and the candidates for a data post in a bureau that builds GQ (so a career short of GQ).
 */
export const PLANNING_DEMO = {
  fiscalYear: 2026,
  department: "デジタルサービス局 データ利活用担当",
  search: {
    what: "a data post in a GQ bureau",
    requiredSkills: [
      { skillId: "data-analysis", minLevel: 3 },
      { skillId: "machine-learning", minLevel: 2 },
    ],
    capability: "CAPABILITY_GQ",
  },
} as const;

/** Ids the reply to the request before gave, for a path that depends on it. */
export type Previous = { secondmentId?: string; applicationId?: string; subsidyId?: string };

/** A condition polled (GET) before a request: a fact another service publishes must arrive first. */
export type Await = { path: string; ready: (body: Record<string, unknown>) => boolean; what: string };

/** A request; its path may depend on the reply to the one before (e.g. the secondment id it gave). */
export type Post = {
  /** Whose career the request belongs to: the requests of one employee are one trace. */
  employee?: string;
  path: string | ((previous: Previous) => string);
  method?: "POST" | "PUT";
  body: Record<string, unknown>;
  after?: Await[];
};

type Body = Record<string, unknown>;
/** A survey's answer date and awareness score. */
type Answered = [string, number];

// --- skills: job types, assessments, target roles and career tracks ---------------------------------

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

const targetRole = (roleId: string, effectiveDate: string): Post => ({
  path: "target-role",
  method: "PUT",
  body: { roleId, effectiveDate },
});

const careerTrack = (track: string, effectiveDate: string): Post => ({
  path: "career-track",
  method: "PUT",
  body: { track: `CAREER_TRACK_${track}`, effectiveDate },
});

function skillsDemo(): Post[] {
  const staff: Record<string, Post[]> = {
    E1001: [
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
      assess("network", 4, "EXPERT", "2025-06-01"),
      targetRole("cybersecurity-engineer", "2024-04-01"),
      careerTrack("SPECIALIST", "2024-04-01"),
    ],
    E1002: [
      jobType("ICT", "2021-04-01", "HIRING", "First ICT cohort"),
      assess("cloud-infrastructure", 3, "MANAGER", "2024-06-01"),
      assess("service-design", 3, "MANAGER", "2024-11-01"),
      assess("ux-design", 3, "SELF", "2024-11-01"),
      targetRole("service-designer", "2024-04-01"),
      careerTrack("MANAGEMENT", "2025-04-01"),
    ],
    E1003: [
      jobType("ICT", "2022-10-01", "HIRING", "Mid-career (career-use) selection; 14 years at IT firms"),
      assess("data-analysis", 4, "EXPERT", "2024-05-20"),
      assess("data-engineering", 3, "MANAGER", "2024-05-20"),
      assess("machine-learning", 3, "SELF", "2025-05-20"),
      targetRole("data-scientist", "2024-04-01"),
      careerTrack("SPECIALIST", "2024-04-01"),
    ],
    E1004: [
      jobType("ICT", "2021-04-01", "HIRING", "First ICT cohort"),
      assess("software-engineering", 3, "MANAGER", "2024-06-15"),
      assess("cloud-infrastructure", 2, "SELF", "2024-06-15"),
      targetRole("cloud-engineer-sre", "2024-04-01"),
    ],
    E1005: [
      jobType("ADMINISTRATIVE", "2016-04-01", "HIRING"),
      jobType("ICT", "2022-04-01", "PASSED_SELECTION"),
      assess("business-process-redesign", 3, "MANAGER", "2024-07-01"),
      assess("data-analysis", 2, "SELF", "2024-07-01"),
      targetRole("business-architect", "2024-04-01"),
    ],
    E1006: [
      jobType("ICT", "2023-04-01", "HIRING"),
      assess("software-engineering", 2, "SELF", "2024-05-01"),
      targetRole("software-engineer", "2024-04-01"),
    ],
    E1007: [
      jobType("ADMINISTRATIVE", "2017-04-01", "HIRING"),
      jobType("ICT", "2021-04-01", "PASSED_SELECTION"),
      assess("data-analysis", 4, "EXPERT", "2024-09-01"),
      assess("data-engineering", 3, "MANAGER", "2024-09-01"),
      assess("business-process-redesign", 4, "MANAGER", "2025-09-01"),
      targetRole("data-scientist", "2024-04-01"),
      careerTrack("MANAGEMENT", "2024-04-01"),
    ],
    E1008: [
      jobType("ICT", "2023-04-01", "HIRING"),
      assess("data-analysis", 3, "MANAGER", "2025-06-01"),
      assess("machine-learning", 3, "EXPERT", "2025-06-01"),
      assess("data-engineering", 2, "SELF", "2025-06-01"),
      targetRole("data-scientist", "2024-04-01"),
    ],
    E1009: [
      jobType("ICT", "2024-04-01", "HIRING"),
      assess("data-engineering", 4, "EXPERT", "2025-10-01"),
      assess("cloud-infrastructure", 3, "MANAGER", "2025-10-01"),
      targetRole("data-engineer", "2025-04-01"),
    ],
  };
  return Object.entries(staff).flatMap(([id, steps]) =>
    steps.map((step, i) => ({
      ...step,
      employee: id,
      path: `/v1/employees/${id}/${step.path}`,
      body: { requestId: `demo-${id}-${i}`, ...step.body },
    })),
  );
}

// --- training: completions and surveys, certifications and subsidies, the overseas programme --------

function trainingDemo(): Post[] {
  let n = 0;
  const post = (id: string, path: string | ((p: Previous) => string), body: Body): Post => ({
    employee: id,
    path: typeof path === "string" ? `/v1/employees/${id}/${path}` : (p) => `/v1/employees/${id}/${path(p)}`,
    body: { requestId: `demo-tr-${id}-${++n}`, ...body },
  });
  const completion = (id: string, courseId: string, completedOn: string, hours: number, score?: number) =>
    post(id, "completions", { courseId, completedOn, hours, ...(score === undefined ? {} : { score }) });
  /** A course with the survey before and after it (answered on `pre[0]` and `post[0]`, scores 1-5). */
  const surveyed = (
    id: string,
    courseId: string,
    {
      pre,
      completedOn,
      post: after,
      hours,
    }: { pre: Answered; completedOn: string; post: Answered; hours: number },
  ) => [
    survey(id, courseId, "PRE", pre),
    completion(id, courseId, completedOn, hours),
    survey(id, courseId, "POST", after),
  ];
  const survey = (id: string, courseId: string, phase: string, [answeredOn, score]: Answered) =>
    post(id, "surveys", {
      courseId,
      phase: `SURVEY_PHASE_${phase}`,
      answeredOn,
      answers: [
        { itemId: `${courseId}-awareness`, kind: "SURVEY_ITEM_KIND_AWARENESS", score },
        { itemId: `${courseId}-use`, kind: "SURVEY_ITEM_KIND_USE_AT_WORK", score: Math.max(1, score - 1) },
      ],
    });
  /** A certification with its exam fee subsidy: requested, decided (the decision needs the subsidy's id). */
  const certified = (
    id: string,
    certificationCode: string,
    dates: { requestedOn: string; examOn: string; decidedOn: string; acquiredOn: string },
    yen: number,
    refusalReason?: string,
  ) => [
    post(id, "subsidies", {
      certificationCode,
      examOn: dates.examOn,
      kind: "SUBSIDY_KIND_EXAM_FEE",
      requestedAmountYen: yen,
      requestedOn: dates.requestedOn,
    }),
    post(id, (p) => `subsidies/${p.subsidyId}/decision`, {
      decidedOn: dates.decidedOn,
      ...(refusalReason
        ? { approved: false, refusalReason: `SUBSIDY_REFUSAL_REASON_${refusalReason}` }
        : { approved: true, approvedAmountYen: yen }),
    }),
    post(id, "certifications", { certificationCode, acquiredOn: dates.acquiredOn }),
  ];
  return [
    ...certified(
      "E1001",
      "IPA-SC",
      { requestedOn: "2022-08-01", decidedOn: "2022-08-20", examOn: "2022-10-09", acquiredOn: "2022-12-16" },
      7500,
    ),
    completion("E1001", "security-handson", "2024-07-10", 14),
    ...surveyed("E1001", "udemy-aws-cloud", {
      pre: ["2024-05-01", 2],
      completedOn: "2024-06-14",
      post: ["2024-06-20", 4],
      hours: 9,
    }),
    ...certified(
      "E1002",
      "AWS-SAA",
      { requestedOn: "2024-05-10", decidedOn: "2024-05-20", examOn: "2024-06-30", acquiredOn: "2024-07-05" },
      20000,
    ),
    post("E1002", "nominations", {
      courseId: "dx-basics",
      fiscalYear: 2024,
      unitCode: "DSB-CLOUD",
      nominatedOn: "2024-04-05",
    }),
    completion("E1002", "dx-basics", "2024-06-14", 6),
    ...surveyed("E1002", "service-design-practice", {
      pre: ["2024-05-01", 2],
      completedOn: "2024-05-30",
      post: ["2024-06-10", 4],
      hours: 12,
    }),
    completion("E1003", "udemy-python-data", "2024-06-02", 20, 95),
    ...surveyed("E1003", "udemy-genai", {
      pre: ["2024-09-01", 3],
      completedOn: "2024-09-25",
      post: ["2024-09-30", 5],
      hours: 6,
    }),
    ...surveyed("E1004", "udemy-aws-cloud", {
      pre: ["2024-05-07", 1],
      completedOn: "2024-06-28",
      post: ["2024-07-01", 4],
      hours: 11,
    }),
    completion("E1005", "agile-pm", "2024-11-12", 7),
    ...certified(
      "E1006",
      "IPA-AP",
      { requestedOn: "2024-11-01", decidedOn: "2024-11-15", examOn: "2024-10-13", acquiredOn: "2024-12-20" },
      7500,
      "LATE_REQUEST",
    ),
    ...surveyed("E1006", "udemy-genai", {
      pre: ["2024-08-01", 2],
      completedOn: "2024-08-26",
      post: ["2024-08-28", 3],
      hours: 5,
    }),
    post("E1007", "certifications", { certificationCode: "IPA-DB", acquiredOn: "2023-12-22" }),
    completion("E1007", "udemy-python-data", "2025-07-18", 20, 88),
    post("E1008", "certifications", { certificationCode: "IPA-AP", acquiredOn: "2024-06-21" }),
    ...overseasProgramme(),
  ];
}

const COPENHAGEN = {
  name: "City of Copenhagen",
  kind: "DESTINATION_KIND_GOVERNMENT_BODY",
  countryCode: "DK",
  city: "Copenhagen",
};
const DTU = {
  name: "Technical University of Denmark",
  kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
  countryCode: "DK",
  city: "Lyngby",
};
const GOVTECH_SG = {
  name: "Government Technology Agency of Singapore",
  kind: "DESTINATION_KIND_GOVERNMENT_BODY",
  countryCode: "SG",
  city: "Singapore",
};
const NUS = {
  name: "National University of Singapore",
  kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
  countryCode: "SG",
  city: "Singapore",
};

type Step = [string, Body];

/** The FY2024 programme year: six places; five applications, one of them a group of two. */
function overseasProgramme(): Post[] {
  const eligible = (id: string): Await => ({
    path: `/v1/employees/${id}/overseas-training-eligibility?on=2024-04-20`,
    ready: (body) => body.eligible === true,
    what: `${id}'s job type consumed from hr.skills.v1`,
  });
  const apply = (id: string, theme: string, destinations: Body[], members: string[] = []): Post => ({
    employee: id,
    path: "/v1/overseas-trainings",
    body: {
      requestId: `demo-tr-apply-${id}`,
      employeeId: id,
      appliedOn: "2024-04-20",
      fiscalYear: 2024,
      theme,
      learningGoals: [`Learn how ${destinations[0]?.city} designs and runs digital public services`],
      candidateDestinations: destinations,
      kind: members.length ? "APPLICATION_KIND_GROUP" : "APPLICATION_KIND_INDIVIDUAL",
      ...(members.length ? { groupMemberIds: members } : {}),
    },
    after: [id, ...members].map(eligible),
  });
  /** Steps of the application the request before created or moved on (each reply names it). */
  const steps = (id: string, list: Step[]): Post[] =>
    list.map(([step, body], i) => ({
      employee: id,
      path: ({ applicationId }) => `/v1/overseas-trainings/${applicationId}/${step}`,
      body: { requestId: `demo-tr-${id}-${i}-${step}`, ...body },
    }));
  const screened = (passed: boolean): Step => [
    "screening",
    {
      screenedOn: "2024-06-10",
      planScore: passed ? 82 : 55,
      englishScore: passed ? 74 : 48,
      passed,
      screenedBy: ["Digital HR Strategy Section", "GovTech Tokyo"],
    },
  ];
  /** Selected, appointments at each destination (visited on the day given), certified, away and back. */
  const abroad = (visits: Array<[Body, string]>, out: string, back: string): Step[] => [
    ["selection", { selectedOn: "2024-06-20" }],
    ...visits.map(
      ([destination, visitOn]): Step => ["appointments", { confirmedOn: "2024-08-01", destination, visitOn }],
    ),
    ["certification", { certifiedOn: "2024-08-20", plannedDepartureOn: out, plannedReturnOn: back }],
    ["departure", { departedOn: out }],
    ["return", { returnedOn: back }],
  ];
  return [
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
          reportDueMonths: 2,
        },
      },
    },
    apply("E1002", "Service design in Nordic cities", [COPENHAGEN, DTU]),
    ...steps("E1002", [
      screened(true),
      ...abroad(
        [
          [COPENHAGEN, "2024-10-07"],
          [DTU, "2024-10-16"],
        ],
        "2024-10-05",
        "2024-10-26",
      ),
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
    apply("E1003", "Generative AI and data platforms in public services", [GOVTECH_SG, NUS], ["E1005"]),
    ...steps("E1003", [
      // E1005 is invited, and takes part once they confirm.
      ["member-confirmations", { employeeId: "E1005", confirmedOn: "2024-04-22" }],
      screened(true),
      ...abroad(
        [
          [GOVTECH_SG, "2024-11-05"],
          [NUS, "2024-11-12"],
        ],
        "2024-11-04",
        "2024-11-22",
      ),
      ["report", { submittedOn: "2025-01-15" }],
      ["report-presentation", { presentedOn: "2025-01-30" }],
    ]),
    // Back on 15 November, the report due two months later (15 January): never submitted, so overdue.
    apply("E1004", "Cloud operations of a city government", [COPENHAGEN, DTU]),
    ...steps("E1004", [
      screened(true),
      ...abroad(
        [
          [COPENHAGEN, "2024-10-29"],
          [DTU, "2024-11-06"],
        ],
        "2024-10-28",
        "2024-11-15",
      ),
    ]),
    apply("E1006", "Low-code tools for front-line sections", [COPENHAGEN, DTU]),
    ...steps("E1006", [screened(false)]),
  ];
}

// --- secondment: hosts and secondments ----------------------------------------------------------

function secondmentDemo(): Post[] {
  const home = {
    homeDepartment: "Digital Services Bureau",
    homePost: "General Affairs Section, on secondment",
  };
  const started = (employee: string, body: Body): Post => ({
    employee,
    path: `/v1/employees/${employee}/secondment-starts`,
    body: { ...home, ...body },
  });
  const then = (employee: string, step: string, body: Body): Post => ({
    employee,
    path: (previous) => `/v1/employees/${employee}/secondments/${previous.secondmentId}/${step}`,
    body,
  });
  const host = (hostId: string, name: string): Post => ({
    path: "/v1/hosts",
    body: { hostId, kind: "HOST_KIND_PRIVATE_FIRM", name, effectiveDate: "2020-04-01" },
  });
  const posts: Post[] = [
    host("aozora-networks", "Aozora Networks"),
    host("hinode-printing", "Hinode Printing, Cloud Center of Excellence"),
    started("E1002", {
      hostId: "hinode-printing",
      hostDepartment: "Cloud Center of Excellence",
      hostTitle: "cloud engineer",
      startsOn: "2022-04-01",
      plannedEndOn: "2023-03-31",
    }),
    then("E1002", "end", {
      endedOn: "2023-03-31",
      reason: "END_REASON_COMPLETED",
      returnedToDepartment: "Digital Services Bureau",
      returnedToPost: "Cloud Promotion Section",
    }),
    started("E1003", {
      hostId: "digital-agency",
      hostDepartment: "Citizen Services Group",
      hostTitle: "deputy section chief",
      startsOn: "2023-04-01",
      plannedEndOn: "2024-03-31",
    }),
    then("E1003", "end", { endedOn: "2024-03-31", reason: "END_REASON_COMPLETED" }),
    started("E1003", {
      hostId: "govtech-tokyo",
      hostDepartment: "Digital Service Division",
      hostTitle: "deputy group leader",
      startsOn: "2024-04-01",
      plannedEndOn: "2027-03-31",
    }),
    started("E1001", {
      hostId: "aozora-networks",
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
  ];
  return posts.map((post, i) => ({ ...post, body: { requestId: `demo-secondment-${i}`, ...post.body } }));
}

// --- hr-sync: the postings HR core records (Japanese department names, as in HR) --------------------

function hrSyncDemo(): Post[] {
  const posting = (
    id: string,
    effectiveDate: string,
    department: string,
    post: string,
    rank: string,
    kind = "REGULAR_TRANSFER",
  ): Post => ({
    employee: id,
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
      "E1002",
      "2023-04-01",
      "デジタルサービス局 クラウド推進担当",
      "主事",
      "STAFF",
      "RETURN_FROM_SECONDMENT",
    ),
    posting("E1002", "2025-04-01", "福祉局 企画部 DX推進担当", "主任", "CHIEF", "PROMOTION"),
    posting(
      "E1003",
      "2022-10-01",
      "デジタルサービス局 データ利活用担当",
      "課長代理",
      "DEPUTY_SECTION_CHIEF",
      "NEW_HIRE",
    ),
    posting("E1004", "2021-04-01", "主税局 税制部", "主事", "STAFF", "NEW_HIRE"),
    posting("E1004", "2023-04-01", "デジタルサービス局 クラウド推進担当", "主事", "STAFF"),
    posting("E1005", "2016-04-01", "総務局 人事部", "主事", "STAFF", "NEW_HIRE"),
    posting("E1005", "2020-04-01", "産業労働局 商工部", "主任", "CHIEF"),
    posting("E1005", "2022-04-01", PLANNING_DEMO.department, "主任", "CHIEF"),
    posting("E1006", "2023-04-01", "デジタルサービス局 総務部", "主事", "STAFF", "NEW_HIRE"),
    posting("E1007", "2017-04-01", "財務局 主計部", "主事", "STAFF", "NEW_HIRE"),
    posting("E1007", "2019-04-01", "産業労働局 商工部", "課長代理", "DEPUTY_SECTION_CHIEF", "PROMOTION"),
    posting("E1007", "2021-04-01", PLANNING_DEMO.department, "課長", "SECTION_CHIEF", "PROMOTION"),
    posting("E1008", "2023-04-01", PLANNING_DEMO.department, "主事", "STAFF", "NEW_HIRE"),
    posting("E1009", "2024-04-01", PLANNING_DEMO.department, "主事", "STAFF", "NEW_HIRE"),
  ];
}

/** The demo requests of each service, sent in the order of SERVICES (skills first: the others wait for it). */
export const DEMO: Record<string, () => Post[]> = {
  skills: skillsDemo,
  training: trainingDemo,
  secondment: secondmentDemo,
  "hr-sync": hrSyncDemo,
};
