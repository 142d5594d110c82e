import { readFileSync } from "node:fs";
import { testNamespace } from "@hr/testing";
import { describe, expect, it } from "vitest";
import { recordStream } from "../src/application/training-record.handlers";
import { trainingWithSkills } from "./fixtures";

/**
 * Request ids over the real service and store (issue 18 item 9): a repeat returns the first reply and
 * changes nothing, whatever happened in between; a request id reused with other content is refused.
 */
const ns = testNamespace();
const { training } = trainingWithSkills(ns);
const { rest } = training;

const fy2024 = JSON.parse(readFileSync(new URL("../catalogue/fy2024.json", import.meta.url), "utf8")) as {
  fiscalYear: number;
  courses: { courseId: string; xapiActivityIds: string[] }[];
};

describe("ConfigureProgrammeYear", () => {
  const year = (capacity: number) => ({
    fiscalYear: 2031,
    capacity,
    applicationOpensOn: "2031-04-01",
    applicationClosesOn: "2031-05-31",
  });

  it("answers a late retry with its first reply and keeps the newer capacity; other content is 409", async () => {
    const first = await rest("PUT", "/v1/programme-years", { requestId: "py-1", programmeYear: year(6) });
    expect(first.status).toBe(200);
    expect(
      (await rest("PUT", "/v1/programme-years", { requestId: "py-2", programmeYear: year(8) })).status,
    ).toBe(200);

    const retry = await rest("PUT", "/v1/programme-years", { requestId: "py-1", programmeYear: year(6) });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await rest("GET", "/v1/programme-years/2031")).body.programmeYear.capacity).toBe(8);

    const reused = await rest("PUT", "/v1/programme-years", { requestId: "py-1", programmeYear: year(7) });
    expect(reused.status).toBe(409);
    expect((await rest("GET", "/v1/programme-years/2031")).body.programmeYear.capacity).toBe(8);
  });
});

describe("LoadCourseCatalogue", () => {
  const catalogue = (title: string) => ({
    fiscalYear: 2031,
    courses: [{ ...fy2024.courses[0], title }],
  });

  it("answers a late retry with its first reply and keeps the newer version; other content is 409", async () => {
    const first = await rest("PUT", "/v1/course-catalogue", {
      requestId: "cat-1",
      catalogue: catalogue("A"),
    });
    expect(first.status).toBe(200);
    expect(
      (await rest("PUT", "/v1/course-catalogue", { requestId: "cat-2", catalogue: catalogue("B") })).status,
    ).toBe(200);

    const retry = await rest("PUT", "/v1/course-catalogue", {
      requestId: "cat-1",
      catalogue: catalogue("A"),
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const reused = await rest("PUT", "/v1/course-catalogue", {
      requestId: "cat-2",
      catalogue: catalogue("C"),
    });
    expect(reused.status).toBe(409);
    const inForce = await rest("GET", "/v1/course-catalogue?fiscalYear=2031");
    expect(inForce.body.catalogue.courses[0].title).toBe("B");
  });
});

describe("xAPI statements", () => {
  const xapi = { "X-Experience-API-Version": "1.0.3" };
  const put = (statementId: string, body: unknown) =>
    rest("PUT", `/xapi/statements?statementId=${statementId}`, body, ["training-admin"], undefined, xapi);
  const post = (body: unknown) => rest("POST", "/xapi/statements", body, ["training-admin"], undefined, xapi);
  const completed = (id: string, employeeId: string, activity: string) => ({
    id,
    actor: { account: { homePage: "https://learning.metro.example", name: employeeId } },
    verb: { id: "http://adlnet.gov/expapi/verbs/completed" },
    object: { objectType: "Activity", id: activity },
    timestamp: "2024-06-03T21:15:00+09:00",
  });
  const voiding = (id: string, voided: string) => ({
    id,
    actor: { account: { homePage: "https://learning.metro.example", name: "lms-admin" } },
    verb: { id: "http://adlnet.gov/expapi/verbs/voided" },
    object: { objectType: "StatementRef", id: voided },
  });

  it("takes a statement sent again after the catalogue changed as the same statement (fingerprint as sent)", async () => {
    const activity = "https://learning.metro.example/activities/idem-reload";
    const course = (courseId: string) => ({ ...fy2024.courses[3], courseId, xapiActivityIds: [activity] });
    const load = (requestId: string, courseId: string) =>
      rest("PUT", "/v1/course-catalogue", {
        requestId,
        catalogue: { fiscalYear: 2024, courses: [...fy2024.courses.slice(0, 3), course(courseId)] },
      });
    expect((await load("reload-1", "idem-course-a")).status).toBe(200);
    const statement = completed("0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f", "T910", activity);
    expect((await put(statement.id, statement)).status).toBe(204);

    // The activity now names another course: the retry is the same statement, recorded once.
    expect((await load("reload-2", "idem-course-b")).status).toBe(200);
    const retry = await put(statement.id, statement);
    expect(retry.status, JSON.stringify(retry.body)).toBe(204);
    expect((await training.service.store.readStream(recordStream("T910"))).version).toBe(1);
    // Restore the default catalogue for the rest of the file.
    expect(
      (await rest("PUT", "/v1/course-catalogue", { requestId: "reload-3", catalogue: fy2024 })).status,
    ).toBe(200);
  });

  it("refuses a batch naming one statement id twice, whole, naming the second", async () => {
    const activity = fy2024.courses.find((c) => c.xapiActivityIds.length > 0)?.xapiActivityIds[0] ?? "";
    const id = "1c2d3e4f-5061-4728-8930-4b5c6d7e8f90";
    const reply = await post([
      completed("2d3e4f50-6172-4839-8a41-5c6d7e8f9001", "T911", activity),
      completed(id, "T911", activity),
      { ...completed(id, "T911", activity), timestamp: "2024-06-04T10:00:00+09:00" },
    ]);
    expect(reply.status).toBe(409);
    expect(reply.body.error.reason).toBe("STATEMENT_ID_TWICE");
    expect(reply.body.error.message).toContain("statements[2].id");
    expect((await training.service.store.readStream(recordStream("T911"))).version).toBe(0);
  });

  it("records one completion for completed and passed of one attempt (registration)", async () => {
    const activity = fy2024.courses.find((c) => c.xapiActivityIds.length > 0)?.xapiActivityIds[0] ?? "";
    const context = { registration: "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d" };
    const done = { ...completed("5f607182-93a4-4b5c-8d6e-7f8091a2b3c4", "T913", activity), context };
    const passed = {
      ...completed("60718293-a4b5-4c6d-8e7f-8091a2b3c4d5", "T913", activity),
      verb: { id: "http://adlnet.gov/expapi/verbs/passed" },
      context,
    };
    const reply = await post([done, passed]);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await training.service.store.readStream(recordStream("T913"))).version).toBe(1);
    // Voiding the passed statement voids the attempt's one completion.
    expect((await post(voiding("718293a4-b5c6-4d7e-8f80-91a2b3c4d5e6", passed.id))).status).toBe(200);
    const history = await rest("GET", "/v1/employees/T913/training-history");
    expect(history.body.completions).toEqual([]);
  });

  it("answers a voiding of a completion voided already the same, every time", async () => {
    const activity = fy2024.courses.find((c) => c.xapiActivityIds.length > 0)?.xapiActivityIds[0] ?? "";
    const statement = completed("3e4f5061-7283-4940-9b52-6d7e8f900112", "T912", activity);
    expect((await put(statement.id, statement)).status).toBe(204);
    const voided = await rest("POST", `/v1/employees/T912/completions/xapi-${statement.id}/void`, {
      requestId: "void-by-hand",
      reasonCode: "VOID_REASON_DATA_ENTRY_ERROR",
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);

    const voidingStatement = voiding("4f506172-8394-4a51-8c63-7e8f90011223", statement.id);
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await post(voidingStatement);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body).toEqual([voidingStatement.id]);
    }
    expect((await training.service.store.readStream(recordStream("T912"))).version).toBe(2);
  });
});
