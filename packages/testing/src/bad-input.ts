// Input every API refuses (README "Identifiers and dates"), as one set of cases each service runs over
// REST and gRPC: employee ids with characters a store, a CSV or a screen reads specially, and dates
// outside the horizon. Each must be refused naming its field, with nothing stored.
import { randomUUID } from "node:crypto";
import type { Metadata } from "@grpc/grpc-js";
import { expect, it } from "vitest";
import { statusDetails } from "./grpc";
import type { RestReply } from "./service-under-test";

/** An employee id and a date of one request; `requestId` is fresh per call. */
export interface BadInput {
  employeeId: string;
  date: string;
  requestId: string;
}

export interface BadInputSuite {
  /** A well-formed employee id and date: each case breaks one of them. */
  valid: { employeeId: string; date: string };
  /** The request's date field (camelCase), e.g. `assessedOn`. */
  dateField: string;
  /** Sends the command over REST (the employee id in the path is encoded by the suite). */
  rest(input: BadInput, path: (employeeId: string) => string): Promise<RestReply>;
  /** Sends the same command over gRPC; rejects with the call's error. */
  grpc(input: BadInput): Promise<unknown>;
  /** What the service stored for the request id: null when nothing. */
  stored(requestId: string): Promise<unknown>;
}

const GRPC_INVALID_ARGUMENT = 3;

export const BAD_EMPLOYEE_IDS = [
  ["with a dot", "Z9.DOT9"],
  ["with NUL", "Z9\u0000NUL"],
  ["with a right-to-left override", "Z9\u202eRLO"],
] as const;

export const DATES_OUTSIDE_THE_HORIZON = ["9999-04-01", "0001-03-31"] as const;

/** Registers, per bad employee id and date, a REST and a gRPC case: refused naming the field, nothing stored. */
export function refusesBadIdsAndDates(suite: BadInputSuite): void {
  const cases = [
    ...BAD_EMPLOYEE_IDS.map(([what, employeeId]) => ({
      what: `an employee id ${what}`,
      input: { ...suite.valid, employeeId },
      field: "employeeId",
    })),
    ...DATES_OUTSIDE_THE_HORIZON.map((date) => ({
      what: `${suite.dateField} ${date} outside the date horizon`,
      input: { ...suite.valid, date },
      field: suite.dateField,
    })),
  ];
  const path = (employeeId: string) => encodeURIComponent(employeeId);
  for (const { what, input, field } of cases) {
    it(`${what}: REST 400 naming ${field}, nothing stored`, async () => {
      const requestId = `bad-${randomUUID()}`;
      const reply = await suite.rest({ ...input, requestId }, path);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe("INVALID_ARGUMENT");
      expect(reply.body.error.violations.map((v: { field: string }) => v.field)).toEqual([field]);
      expect(await suite.stored(requestId)).toBeNull();
    });
    const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    it(`${what}: gRPC INVALID_ARGUMENT naming ${snake}, nothing stored`, async () => {
      const requestId = `bad-${randomUUID()}`;
      const error = (await suite.grpc({ ...input, requestId }).then(
        () => ({}),
        (e) => e,
      )) as { code?: number; metadata?: Metadata };
      expect(error.code).toBe(GRPC_INVALID_ARGUMENT);
      expect(statusDetails(error)?.badRequest?.fieldViolations.map((v) => v.field)).toEqual([snake]);
      expect(await suite.stored(requestId)).toBeNull();
    });
  }
}
