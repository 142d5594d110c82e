// Demo data for `./run up`: a few ICT staff with careers that show what the system is for. Loaded
// through the services' public REST APIs with fixed request ids, so loading twice records nothing new.
import { signToken } from "@hr/kit";

type Post = { path: string; method?: "POST" | "PUT"; body: Record<string, unknown> };

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

const DEMO: Record<string, () => Post[]> = { skills: skillsDemo };

/** Loads the demo data of each running service; returns the records to show once loaded. */
export async function loadDemoData(
  services: Array<{ name: string; httpUrl: string }>,
  secret: string,
  log: (line: string) => void,
): Promise<string[]> {
  const token = await signToken(secret, { subject: "demo-loader", roles: ["hr-admin"], ttl: "10m" });
  for (const service of services) {
    const posts = DEMO[service.name]?.() ?? [];
    for (const post of posts) {
      const response = await fetch(`${service.httpUrl}${post.path}`, {
        method: post.method ?? "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(post.body),
      });
      if (!response.ok) {
        throw new Error(
          `demo data: ${post.method ?? "POST"} ${post.path} -> ${response.status} ${await response.text()}`,
        );
      }
    }
    if (posts.length > 0) log(`[up] demo data: ${posts.length} requests to ${service.name}`);
  }
  return [];
}
