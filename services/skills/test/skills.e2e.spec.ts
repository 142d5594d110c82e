import { randomUUID } from "node:crypto";
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { headerStrings, type Role, signToken, startEventSourcedService, validate } from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { collectTopic, refusesBadIdsAndDates, serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import type { TSchema } from "@sinclair/typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileStream } from "../src/application/skill-profile.handlers";
import { skillsService } from "../src/skills.service";

/**
 * services/skills over its real APIs (REST and gRPC), against the run's real broker and store: every
 * command's event on hr.skills.v1, bad input refused by field with nothing stored, auth by role.
 */
const ns = testNamespace();
const skills = serviceUnderTest(skillsService, ns, { start: startEventSourcedService, sign: signToken });
const { rest, token } = skills;
const published = collectTopic(ns.topic("hr.skills.v1"), ns);

type Gap = { skillId: string; requiredLevel: number };

const messagesOf = (employeeId: string) =>
  published.filter((m) => headerStrings(m.headers).ce_subject === employeeId);

describe("commands publish their events on hr.skills.v1", () => {
  const E = "S0001";
  it("records every kind of fact, each arriving as a CloudEvent whose value decodes to its ce_type", async () => {
    const hired = await rest("POST", `/v1/employees/${E}/job-type-changes`, {
      requestId: "s1-hire",
      toJobType: "ELECTRICAL",
      effectiveDate: "2019-04-01",
      basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
    });
    expect(hired.status).toBe(200);
    const changed = await rest("POST", `/v1/employees/${E}/job-type-changes`, {
      requestId: "s1-ict",
      toJobType: "ICT",
      effectiveDate: "2023-04-01",
      basis: "JOB_TYPE_CHANGE_BASIS_QUALIFICATION",
      basisDetail: "Registered Information Security Specialist",
    });
    expect(changed.body).toMatchObject({ fromJobType: "ELECTRICAL", streamVersion: 2 });
    const assessed = await rest("POST", `/v1/employees/${E}/assessments`, {
      requestId: "s1-a1",
      skillId: "security-engineering",
      level: 3,
      assessor: "ASSESSOR_KIND_MANAGER",
      assessedOn: "2024-06-01",
      note: "Led the incident review calmly",
    });
    expect(assessed.status).toBe(200);
    const second = await rest("POST", `/v1/employees/${E}/assessments`, {
      requestId: "s1-a2",
      skillId: "network",
      level: 2,
      assessor: "ASSESSOR_KIND_SELF",
      assessedOn: "2024-06-02",
    });
    const { assessmentId } = assessed.body;
    expect(
      (
        await rest("POST", `/v1/employees/${E}/assessments/${assessmentId}/corrections`, {
          requestId: "s1-c",
          level: 4,
          reason: "typo",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await rest("POST", `/v1/employees/${E}/assessments/${second.body.assessmentId}/void`, {
          requestId: "s1-v",
          reason: "recorded for the wrong person",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await rest("PUT", `/v1/employees/${E}/target-role`, {
          requestId: "s1-t",
          roleId: "cybersecurity-engineer",
          effectiveDate: "2024-04-01",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await rest("PUT", `/v1/employees/${E}/career-track`, {
          requestId: "s1-k",
          track: "CAREER_TRACK_SPECIALIST",
          effectiveDate: "2024-04-01",
        })
      ).body,
    ).toMatchObject({ track: "CAREER_TRACK_SPECIALIST" });
    // Target role and career track: cleared, the clearing's date corrected, then the clearing voided.
    for (const [clearAt, records] of [
      ["target-role/clear", "target-roles"],
      ["career-track/clear", "career-track-choices"],
    ] as const) {
      const cleared = await rest("POST", `/v1/employees/${E}/${clearAt}`, {
        requestId: `s1-${records}-clear`,
        effectiveDate: "2024-10-01",
      });
      expect(cleared.status).toBe(200);
      const id = cleared.body.targetRoleId ?? cleared.body.choiceId;
      const corrected = await rest("POST", `/v1/employees/${E}/${records}/${id}/corrections`, {
        requestId: `s1-${records}-fix`,
        effectiveDate: "2024-11-01",
        reason: "Mr Tanaka's request was dated November",
        reasonCode: "RECORD_CHANGE_REASON_LATE_CHANGE",
      });
      expect(corrected.status).toBe(200);
      const voided = await rest("POST", `/v1/employees/${E}/${records}/${id}/void`, {
        requestId: `s1-${records}-void`,
        reason: "Mr Tanaka withdrew the request",
      });
      expect(voided.status).toBe(200);
    }
    expect(
      (
        await rest("POST", `/v1/employees/${E}/job-type-changes/${changed.body.changeId}/corrections`, {
          requestId: "s1-jc",
          effectiveDate: "2023-04-03",
          reason: "the appointment was dated the 3rd",
        })
      ).status,
    ).toBe(200);
    const third = await rest("POST", `/v1/employees/${E}/job-type-changes`, {
      requestId: "s1-adm",
      toJobType: "ADMINISTRATIVE",
      effectiveDate: "2025-04-01",
      basis: "JOB_TYPE_CHANGE_BASIS_OTHER",
      basisDetail: "entered by mistake",
    });
    expect(
      (
        await rest("POST", `/v1/employees/${E}/job-type-changes/${third.body.changeId}/void`, {
          requestId: "s1-jv",
          reason: "wrong person",
        })
      ).status,
    ).toBe(200);

    await waitFor(async () => (messagesOf(E).length >= 17 ? true : undefined), {
      timeoutMs: 30_000,
      what: "17 events",
    });
    const messages = messagesOf(E);
    const stored = (await skills.service.store.readStream(profileStream(E))).events;
    expect(messages.map((m) => headerStrings(m.headers).ce_id)).toEqual(stored.map((e) => e.eventId));
    const types = new Set<string>();
    for (const message of messages) {
      const h = headerStrings(message.headers);
      expect(h).toMatchObject({
        ce_specversion: "1.0",
        ce_source: "/hr/skills",
        ce_subject: E,
        "content-type": "application/protobuf",
      });
      expect(h.traceparent ?? "").toMatch(/^$|^00-/);
      expect(Date.parse(h.ce_time!)).not.toBeNaN();
      expect(message.key?.toString()).toBe(E);
      const name = h.ce_type!.replace("hr.skills.v1.", "") as keyof typeof skillsV1;
      const fns = skillsV1[name] as { decode(b: Uint8Array): { employeeId: string; effectiveDate: string } };
      const decoded = fns.decode(message.value!);
      expect(decoded.employeeId).toBe(E);
      expect(decoded.effectiveDate).toBe(h.ce_effectivedate);
      types.add(name);
    }
    expect([...types].sort()).toEqual(
      [
        "CareerTrackChosen",
        "CareerTrackCleared",
        "CareerTrackChoiceCorrected",
        "CareerTrackChoiceVoided",
        "TargetRoleCleared",
        "TargetRoleCorrected",
        "TargetRoleVoided",
        "JobTypeChangeCorrected",
        "JobTypeChangeVoided",
        "JobTypeChanged",
        "SkillAssessed",
        "SkillAssessmentCorrected",
        "SkillAssessmentVoided",
        "TargetRoleSet",
      ].sort(),
    );
    const firstAssessment = messages.find(
      (m) => headerStrings(m.headers).ce_type === "hr.skills.v1.SkillAssessed",
    );
    expect(skillsV1.SkillAssessed.decode(firstAssessment!.value!)).toMatchObject({
      skillId: "security-engineering",
      level: 3,
      assessor: skillsV1.AssessorKind.MANAGER,
      catalogueFiscalYear: 2024,
    });
    // The assessor's free-text note stays in the service: not a byte of it goes to other departments.
    expect(firstAssessment!.value!.toString("utf8")).not.toContain("incident review");
    // Nor does a correction's or voiding's reason: its code does.
    const targetFix = messages.find(
      (m) => headerStrings(m.headers).ce_type === "hr.skills.v1.TargetRoleCorrected",
    );
    expect(skillsV1.TargetRoleCorrected.decode(targetFix!.value!)).toMatchObject({
      effectiveDate: "2024-11-01",
      replacedEffectiveDate: "2024-10-01",
      reasonCode: skillsV1.RecordChangeReason.LATE_CHANGE,
    });
    for (const m of messages) expect(m.value!.toString("utf8")).not.toContain("Mr Tanaka");
    // Nor a job type change's basis detail (free text: which qualification, what happened).
    const ictChange = messages.find(
      (m) => headerStrings(m.headers).ce_type === "hr.skills.v1.JobTypeChanged",
    );
    expect(skillsV1.JobTypeChanged.decode(ictChange!.value!)).toMatchObject({
      toJobType: expect.any(String),
    });
    for (const m of messages) {
      expect(m.value!.toString("utf8")).not.toContain("Registered Information Security Specialist");
      expect(m.value!.toString("utf8")).not.toContain("entered by mistake");
    }
  });

  it("answers GetProfile, the gap report and role coverage from what was recorded", async () => {
    const profile = await rest("GET", `/v1/employees/${E}/profile?asOf=2025-06-01`);
    expect(profile.status).toBe(200);
    expect(profile.body.profile.jobType).toMatchObject({
      jobType: "ICT",
      since: "2023-04-03",
      wholeYears: 2,
    });
    expect(profile.body.profile.skills).toEqual([
      expect.objectContaining({
        skillId: "security-engineering",
        level: 4,
        assessor: "ASSESSOR_KIND_MANAGER",
      }),
    ]);
    expect(profile.body.profile.targetRole).toMatchObject({ roleId: "cybersecurity-engineer" });
    expect(profile.body.profile.skills[0].history[0].note).toBe("Led the incident review calmly");
    const gaps = await rest("GET", `/v1/employees/${E}/gap-report?asOf=2025-06-01`);
    expect(gaps.body).toMatchObject({ roleId: "cybersecurity-engineer", meetsAll: false });
    expect(gaps.body.gaps.length).toBeGreaterThan(0);
    expect(gaps.body.gaps[0].capability).toBe("CAPABILITY_DQ");
    // One DQ skill at level 4 and no GQ skill: all digital.
    const balance = { dqSkills: 1, gqSkills: 0, dqLevelTotal: 4, gqLevelTotal: 0, dqPercent: 100 };
    expect(gaps.body.capabilityBalance).toEqual(balance);
    expect(profile.body.profile.capabilityBalance).toEqual(balance);
    // Role coverage reads the profiles' read model, kept from hr.skills.v1: it follows within moments.
    const coverage = await waitFor(
      async () => {
        const answer = await rest("GET", "/v1/role-coverage?asOf=2025-06-01&jobType=ICT");
        return answer.body.skills?.some((s: { byLevel: { level: number }[] }) =>
          s.byLevel.some((l) => l.level === 4),
        )
          ? answer
          : undefined;
      },
      { timeoutMs: 30_000, what: "the role coverage read model to show the assessment" },
    );
    expect(coverage.body.staffCount).toBe(1);
    const security = coverage.body.skills.find(
      (s: { skillId: string }) => s.skillId === "security-engineering",
    );
    expect(security.byLevel).toContainEqual({ level: 4, staff: 1 });
  });

  it("answers each query as the OpenAPI document's 200 schema says (what generated clients rely on)", async () => {
    type Json = { content: { "application/json": { schema: TSchema } } };
    const document = (await (await fetch(`${skills.service.httpUrl}/docs/json`)).json()) as {
      paths: Record<string, { get: { responses: Record<string, Json> } }>;
    };
    const queries = [
      ["/v1/employees/{employeeId}/profile", `/v1/employees/${E}/profile?asOf=2025-06-01`],
      ["/v1/employees/{employeeId}/gap-report", `/v1/employees/${E}/gap-report?asOf=2025-06-01`],
      ["/v1/role-coverage", "/v1/role-coverage?asOf=2025-06-01"],
      ["/v1/skill-map", "/v1/skill-map"],
    ];
    for (const [route, url] of queries) {
      const schema =
        document.paths[route as string]?.get.responses["200"]?.content["application/json"].schema;
      const reply = await rest("GET", url as string);
      expect(reply.status).toBe(200);
      expect(() => validate(schema as TSchema, reply.body), route).not.toThrow();
    }
  });
});

describe("bad input is refused by field and nothing is stored", () => {
  const E = "S0002";
  const assessment = (extra: Record<string, unknown>) => ({
    requestId: `bad-${randomUUID()}`,
    skillId: "data-engineering",
    level: 3,
    assessor: "ASSESSOR_KIND_SELF",
    assessedOn: "2024-06-01",
    ...extra,
  });
  it.each([
    ["a malformed date", { assessedOn: "2024-13-45" }, "assessedOn"],
    ["a day February does not have", { assessedOn: "2023-02-29" }, "assessedOn"],
    ["an unknown assessor kind", { assessor: "BOSS" }, "assessor"],
    ["a blank skill id", { skillId: "  " }, "skillId"],
    ["a request id with a trailing space", { requestId: "r1 " }, "requestId"],
    ["a request id as a boolean", { requestId: false }, "requestId"],
    ["a note over 1000 characters", { note: "x".repeat(1001) }, "note"],
    ["a note with NUL", { note: "calm\u0000" }, "note"],
    ["a note with BEL and an ANSI colour", { note: "\u0007\u001b[31mcalm" }, "note"],
    ["a note with a right-to-left override", { note: "calm\u202e" }, "note"],
  ])("%s gets 400 naming %s", async (_what, extra, field) => {
    const reply = await rest("POST", `/v1/employees/${E}/assessments`, assessment(extra));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe("INVALID_ARGUMENT");
    expect(reply.body.error.violations.map((v: { field: string }) => v.field)).toContain(field);
  });

  it.each([
    ["an unknown skill", { skillId: "no-such-skill" }, "SKILL_NOT_ON_SKILL_MAP"],
    ["a level off the map's scale", { level: 9 }, "LEVEL_NOT_ON_SCALE"],
  ])("%s is well-formed input the skill map in force refuses: 422 %s", async (_what, extra, reason) => {
    const reply = await rest("POST", `/v1/employees/${E}/assessments`, assessment(extra));
    expect(reply).toMatchObject({ status: 422, body: { error: { code: "FAILED_PRECONDITION", reason } } });
  });

  it("counts characters as the schema does: 1000 emoji are a note of 1000 characters", async () => {
    // Another employee: this one is stored, and S0002 must keep only its hiring.
    const note = "😀".repeat(1000);
    const reply = await rest("POST", "/v1/employees/S0009/assessments", assessment({ note }));
    expect(reply.status).toBe(200);
  });

  it("QUALIFICATION or OTHER without a basis detail is bad input (400 naming basisDetail)", async () => {
    const basis = "JOB_TYPE_CHANGE_BASIS_OTHER";
    const change = { requestId: "s2-no-detail", toJobType: "ICT", effectiveDate: "2021-04-01", basis };
    const reply = await rest("POST", `/v1/employees/${E}/job-type-changes`, change);
    expect(reply.status).toBe(400);
    expect(reply.body.error.violations).toEqual([
      {
        field: "basisDetail",
        message:
          "is required when basis is JOB_TYPE_CHANGE_BASIS_QUALIFICATION or JOB_TYPE_CHANGE_BASIS_OTHER",
      },
    ]);
  });

  it("a refused rule is 422 with its reason", async () => {
    await rest("POST", `/v1/employees/${E}/job-type-changes`, {
      requestId: "s2-hire",
      toJobType: "ICT",
      effectiveDate: "2021-04-01",
      basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
    });
    const same = await rest("POST", `/v1/employees/${E}/job-type-changes`, {
      requestId: "s2-same",
      toJobType: "ICT",
      effectiveDate: "2022-04-01",
      basis: "JOB_TYPE_CHANGE_BASIS_PASSED_SELECTION",
    });
    expect(same).toMatchObject({
      status: 422,
      body: { error: { code: "FAILED_PRECONDITION", reason: "JOB_TYPE_UNCHANGED" } },
    });
  });

  it("stored only the hiring: no refused command left an event or a message", async () => {
    const { events } = await skills.service.store.readStream(profileStream(E));
    expect(events.map((e) => e.type)).toEqual(["JobTypeChanged"]);
    await waitFor(async () => (messagesOf(E).length >= 1 ? true : undefined), {
      timeoutMs: 20_000,
      what: "the hiring event",
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(messagesOf(E)).toHaveLength(1);
  });

  it("a repeated request_id returns the first reply and records nothing new", async () => {
    const body = assessment({ requestId: "s2-once" });
    const first = await rest("POST", `/v1/employees/${E}/assessments`, body);
    const again = await rest("POST", `/v1/employees/${E}/assessments`, body);
    expect(again.body).toEqual(first.body);
    expect((await skills.service.store.readStream(profileStream(E))).version).toBe(2);
  });
});

describe("gRPC hr.skills.v1.SkillsService", () => {
  let client: skillsV1.SkillsServiceClient;
  beforeAll(() => {
    client = new skillsV1.SkillsServiceClient(skills.service.grpcAddress, credentials.createInsecure());
  });
  afterAll(() => client.close());

  const metadata = async (roles?: Role[], employeeId?: string) => {
    const m = new Metadata();
    if (roles) m.set("authorization", `Bearer ${await token(roles, employeeId)}`);
    return m;
  };
  function unary<Req, Res>(
    method: (r: Req, m: Metadata, cb: (e: ServiceError | null, r: Res) => void) => unknown,
  ) {
    return (request: Req, m: Metadata) =>
      new Promise<Res>((resolve, reject) =>
        method.call(client, request, m, (e, r) => (e ? reject(e) : resolve(r))),
      );
  }

  it("refuses a missing employee id as INVALID_ARGUMENT naming employee_id, storing nothing", async () => {
    const record = unary<skillsV1.RecordAssessmentRequest, skillsV1.RecordAssessmentResponse>(
      client.recordAssessment,
    );
    const request = skillsV1.RecordAssessmentRequest.fromPartial({
      requestId: "g-1",
      employeeId: "",
      skillId: "network",
      level: 2,
      assessor: skillsV1.AssessorKind.SELF,
      assessedOn: "2024-05-01",
    });
    const error = (await record(request, await metadata(["hr-core"])).catch((e) => e)) as ServiceError;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain("employee_id");
    expect(await skills.service.store.findByRequestId("g-1")).toBeNull();
  });

  it("authenticates and checks roles: UNAUTHENTICATED, PERMISSION_DENIED, then the profile", async () => {
    const get = unary<skillsV1.GetProfileRequest, skillsV1.GetProfileResponse>(client.getProfile);
    const request = skillsV1.GetProfileRequest.fromPartial({ employeeId: "S0001", asOf: "2025-06-01" });
    expect(((await get(request, await metadata()).catch((e) => e)) as ServiceError).code).toBe(
      status.UNAUTHENTICATED,
    );
    const other = await get(request, await metadata(["employee"], "S9999")).catch((e) => e);
    expect((other as ServiceError).code).toBe(status.PERMISSION_DENIED);
    const own = await get(request, await metadata(["employee"], "S0001"));
    expect(own.profile?.jobType?.jobType).toBe("ICT");
    expect(own.profile?.skills[0]?.assessor).toBe(skillsV1.AssessorKind.MANAGER);
    const unknown = await get(
      skillsV1.GetProfileRequest.fromPartial({ employeeId: "nobody" }),
      await metadata(["hr-core"]),
    ).catch((e) => e);
    expect((unknown as ServiceError).code).toBe(status.NOT_FOUND);
  });

  it("lets staff record only their own self-assessment", async () => {
    const record = unary<skillsV1.RecordAssessmentRequest, skillsV1.RecordAssessmentResponse>(
      client.recordAssessment,
    );
    const base = {
      requestId: "g-2",
      employeeId: "S0003",
      skillId: "network",
      level: 2,
      assessedOn: "2024-05-01",
    };
    const asManager = await record(
      skillsV1.RecordAssessmentRequest.fromPartial({ ...base, assessor: skillsV1.AssessorKind.MANAGER }),
      await metadata(["employee"], "S0003"),
    ).catch((e) => e);
    expect((asManager as ServiceError).code).toBe(status.PERMISSION_DENIED);
    const self = await record(
      skillsV1.RecordAssessmentRequest.fromPartial({
        ...base,
        requestId: "g-3",
        assessor: skillsV1.AssessorKind.SELF,
      }),
      await metadata(["employee"], "S0003"),
    );
    expect(self.streamVersion).toBe(1);
  });
});

describe("an employee naming someone else", () => {
  // Invalid on purpose: a date that does not exist and a note with a control character.
  const bad = {
    skillId: "network",
    level: 2,
    assessor: "ASSESSOR_KIND_SELF",
    assessedOn: "2024-02-30",
    note: "\u001b[31mred",
  };

  it("gets 403 / PERMISSION_DENIED before the input is validated, over REST and gRPC; their own gets 400", async () => {
    // Before: 400 naming assessedOn and note, which told the caller what the other's record would take.
    const assess = (employeeId: string, requestId: string) =>
      rest("POST", `/v1/employees/${employeeId}/assessments`, { ...bad, requestId }, ["employee"], "S0004");
    const other = await assess("S0005", "own-1");
    expect(other.status).toBe(403);
    expect(other.body.error.violations).toBeUndefined();
    expect((await assess("a.b", "own-2")).status).toBe(403);
    const own = await assess("S0004", "own-3");
    expect(own.status).toBe(400);
    expect(own.body.error.violations.map((v: { field: string }) => v.field)).toEqual(["assessedOn", "note"]);

    const client = new skillsV1.SkillsServiceClient(skills.service.grpcAddress, credentials.createInsecure());
    try {
      const record = async (employeeId: string) => {
        const m = new Metadata();
        m.set("authorization", `Bearer ${await token(["employee"], "S0004")}`);
        const request = skillsV1.RecordAssessmentRequest.fromJSON({ ...bad, requestId: "own-4", employeeId });
        return new Promise<ServiceError | null>((resolve) => client.recordAssessment(request, m, resolve));
      };
      expect((await record("S0005"))?.code).toBe(status.PERMISSION_DENIED);
      expect((await record(""))?.code).toBe(status.PERMISSION_DENIED);
      expect((await record("S0004"))?.code).toBe(status.INVALID_ARGUMENT);
    } finally {
      client.close();
    }
    for (const requestId of ["own-1", "own-2", "own-3", "own-4"])
      expect(await skills.service.store.findByRequestId(requestId)).toBeNull();
  });
});

describe("skill map catalogue", () => {
  it("serves the map in force, refuses a bad map whole with every error, and loads a new revision", async () => {
    const current = await rest("GET", "/v1/skill-map?fiscalYear=2024", undefined, ["employee"], "S0001");
    expect(current.status).toBe(200);
    // The 22 DQ skill items and the GQ items of the government administration category.
    const gq = current.body.skillMap.categories.filter(
      (c: { capability: string }) => c.capability === "CAPABILITY_GQ",
    );
    expect(gq.map((c: { id: string }) => c.id)).toEqual(["government-administration"]);
    expect(current.body.skillMap.skills).toHaveLength(26);
    expect(current.body.skillMap.roles).toHaveLength(10);
    const map = current.body.skillMap;
    const broken = {
      ...map,
      skills: [...map.skills, { ...map.skills[0] }],
      roles: [{ ...map.roles[0], requirements: [{ skillId: "nope", level: 12 }] }, ...map.roles.slice(1)],
    };
    const refused = await rest("PUT", "/v1/skill-map", { requestId: "map-bad", skillMap: broken }, [
      "skills-admin",
    ]);
    // Well-formed, but its parts do not fit together: a rule about the content, every problem listed.
    expect(refused).toMatchObject({ status: 422, body: { error: { reason: "SKILL_MAP_INCONSISTENT" } } });
    expect(refused.body.error.message).toContain('roles[0].requirements[0].skillId: unknown skill "nope"');
    expect(refused.body.error.message).toContain(
      "roles[0].requirements[0].level: level 12 is not on the scale",
    );
    expect(refused.body.error.message).toContain("duplicate id");
    const { skills: _missing, ...shapeless } = map;
    const malformed = await rest("PUT", "/v1/skill-map", { requestId: "map-bad-2", skillMap: shapeless }, [
      "skills-admin",
    ]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.violations).toEqual([{ field: "skillMap.skills", message: "is required" }]);
    expect(
      (await rest("PUT", "/v1/skill-map", { requestId: "map-x", skillMap: map }, ["hr-core"])).status,
    ).toBe(403);
    // Revision 2 asks more of a cybersecurity engineer's first skill than revision 1 did.
    const cyber = map.roles.find((r: { id: string }) => r.id === "cybersecurity-engineer");
    const [first, ...rest1] = cyber.requirements as { skillId: string; level: number }[];
    const revised = {
      ...map,
      title: "FY2024 rev 2",
      roles: map.roles.map((r: { id: string }) =>
        r === cyber ? { ...cyber, requirements: [{ ...first, level: 7 }, ...rest1] } : r,
      ),
    };
    const loaded = await rest("PUT", "/v1/skill-map", { requestId: "map-ok", skillMap: revised }, [
      "skills-admin",
    ]);
    expect(loaded.body).toEqual({ fiscalYear: 2024, replaced: true, revision: 2 });
    const after = await rest("GET", "/v1/skill-map?fiscalYear=2024");
    expect(after.body.skillMap.title).toBe("FY2024 rev 2");
    // The same request id again: the same map replays the first answer, another map is refused.
    const again = { requestId: "map-ok", skillMap: revised };
    expect((await rest("PUT", "/v1/skill-map", again, ["skills-admin"])).body).toEqual(loaded.body);
    const reused = await rest(
      "PUT",
      "/v1/skill-map",
      { requestId: "map-ok", skillMap: { ...map, title: "FY2024 rev 3" } },
      ["skills-admin"],
    );
    expect(reused.status).toBe(409);
    expect(reused.body.error.message).toContain("different skill map");
    expect((await rest("GET", "/v1/skill-map?fiscalYear=2024")).body.skillMap).toMatchObject({
      title: "FY2024 rev 2",
      revision: 2,
    });

    // S0001's target role was set against revision 1: the report about that year keeps its requirements.
    const past = await rest("GET", "/v1/employees/S0001/gap-report?asOf=2024-12-01");
    expect(past.body).toMatchObject({ roleId: "cybersecurity-engineer", catalogueRevision: 1 });
    const requirement = (report: { gaps: Gap[]; met: Gap[] }) =>
      [...report.gaps, ...report.met].find((g) => g.skillId === first!.skillId)?.requiredLevel;
    expect(requirement(past.body)).toBe(first!.level);
    // Against a role named in the request, the latest revision.
    const named = await rest("GET", "/v1/employees/S0001/gap-report?asOf=2024-12-01&roleId=data-engineer");
    expect(named.body.catalogueRevision).toBe(2);

    // Each revision is published, keyed by its year's stream, so consumers can resolve ids by version.
    const revisions = await waitFor(
      async () => {
        const found = published.filter(
          (m) => headerStrings(m.headers).ce_type === "hr.skills.v1.SkillMapRevisionLoaded",
        );
        return found.some((m) => skillsV1.SkillMapRevisionLoaded.decode(m.value!).revision === 2)
          ? found
          : undefined;
      },
      { timeoutMs: 30_000, what: "the FY2024 revision 2 on hr.skills.v1" },
    );
    const fy2024 = revisions.filter((m) => m.key?.toString() === "skill-map-FY2024");
    expect(fy2024.map((m) => skillsV1.SkillMapRevisionLoaded.decode(m.value!).revision)).toEqual([1, 2]);
    const second = skillsV1.SkillMapRevisionLoaded.decode(fy2024[1]!.value!);
    expect(second).toMatchObject({ fiscalYear: 2024, effectiveDate: "2024-04-01" });
    expect(second.skillMap?.title).toBe("FY2024 rev 2");
    expect(headerStrings(fy2024[1]!.headers).ce_subject).toBe("skill-map-FY2024");
  });
});

describe("ids and dates outside the rule (README: Identifiers and dates)", () => {
  let client: skillsV1.SkillsServiceClient;
  beforeAll(() => {
    client = new skillsV1.SkillsServiceClient(skills.service.grpcAddress, credentials.createInsecure());
  });
  afterAll(() => client.close());
  const assessment = { skillId: "network", level: 2, assessor: "ASSESSOR_KIND_SELF" };

  refusesBadIdsAndDates({
    valid: { employeeId: "S0010", date: "2024-06-01" },
    dateField: "assessedOn",
    rest: ({ employeeId, date, requestId }, path) =>
      rest("POST", `/v1/employees/${path(employeeId)}/assessments`, {
        ...assessment,
        requestId,
        assessedOn: date,
      }),
    grpc: async ({ employeeId, date, requestId }) => {
      const m = new Metadata();
      m.set("authorization", `Bearer ${await token(["hr-core"])}`);
      const request = skillsV1.RecordAssessmentRequest.fromPartial({
        requestId,
        employeeId,
        skillId: assessment.skillId,
        level: assessment.level,
        assessor: skillsV1.AssessorKind.SELF,
        assessedOn: date,
      });
      return new Promise((resolve, reject) =>
        client.recordAssessment(request, m, (e, r) => (e ? reject(e) : resolve(r))),
      );
    },
    stored: (requestId) => skills.service.store.findByRequestId(requestId),
  });

  it("stored nothing for the employee whose dates were refused", async () => {
    expect((await skills.service.store.readStream(profileStream("S0010"))).version).toBe(0);
  });
});
