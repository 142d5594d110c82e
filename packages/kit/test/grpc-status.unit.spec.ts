import { status } from "@grpc/grpc-js";
import { statusDetails } from "@hr/testing";
import { describe, expect, it } from "vitest";
import {
  ConflictError,
  type Logger,
  NotFoundError,
  RuleViolation,
  toServiceError,
  UnauthenticatedError,
  ValidationError,
} from "../src";

const logged: unknown[] = [];
const logger = { error: (entry: unknown) => logged.push(entry), warn: () => undefined } as unknown as Logger;
const detailsOf = (error: unknown) => statusDetails(toServiceError(error, "/hr.test.v1.Test/Do", logger));

describe("gRPC error details (google.rpc)", () => {
  it("names every bad field by its proto path in a BadRequest", () => {
    const error = new ValidationError([
      { field: "requirements[2].skillId", message: "must not be empty" },
      { field: "level", message: "must be from 1 to 4" },
    ]);
    const details = detailsOf(error);
    expect(details?.code).toBe(status.INVALID_ARGUMENT);
    expect(details?.badRequest?.fieldViolations).toEqual([
      {
        field: "requirements[2].skill_id",
        description: "must not be empty",
        reason: "",
        localizedMessage: undefined,
      },
      { field: "level", description: "must be from 1 to 4", reason: "", localizedMessage: undefined },
    ]);
    expect(details?.errorInfo).toMatchObject({ reason: "INVALID_ARGUMENT", domain: "hr-integration" });
  });

  it("gives a refused rule as a PreconditionFailure typed by its reason code", () => {
    const details = detailsOf(new RuleViolation("JOB_TYPE_UNCHANGED", "the employee is already ICT"));
    expect(details?.code).toBe(status.FAILED_PRECONDITION);
    expect(details?.preconditionFailure?.violations).toEqual([
      { type: "JOB_TYPE_UNCHANGED", subject: "", description: "the employee is already ICT" },
    ]);
    expect(details?.errorInfo?.reason).toBe("JOB_TYPE_UNCHANGED");
    expect(details?.badRequest).toBeUndefined();
  });

  it("advises a retry for a concurrent change, and none for a reused request id", () => {
    const concurrent = detailsOf(new ConflictError("changed concurrently"));
    expect(concurrent?.code).toBe(status.ABORTED);
    expect(concurrent?.retryInfo?.retryDelay).toEqual({ seconds: 0, nanos: 200_000_000 });
    const reused = detailsOf(new ConflictError("request_id reused", { retryable: false }));
    expect(reused?.code).toBe(status.ABORTED);
    expect(reused?.retryInfo).toBeUndefined();
  });

  it("answers a store that does not answer UNAVAILABLE with a RetryInfo, whatever wrapped the driver's error", () => {
    const selection = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:27017"), {
      name: "MongoServerSelectionError",
    });
    const details = detailsOf(new Error("loading the stream failed", { cause: selection }));
    expect(details?.code).toBe(status.UNAVAILABLE);
    expect(details?.retryInfo?.retryDelay).toEqual({ seconds: 1, nanos: 0 });
    expect(details?.message).not.toContain("ECONNREFUSED");
  });

  it("carries only ErrorInfo for the other kinds", () => {
    expect(detailsOf(new NotFoundError("no such employee"))).toMatchObject({
      code: status.NOT_FOUND,
      errorInfo: { reason: "NOT_FOUND" },
    });
    expect(detailsOf(new UnauthenticatedError("invalid token: it has expired"))?.message).toBe(
      "invalid token: it has expired",
    );
  });

  it("answers INTERNAL without echoing anything of an unexpected error, and logs it", () => {
    const error = toServiceError(new Error("E11000 duplicate key in hr_skills.events"), "/x/Y", logger);
    expect(error).toEqual({ code: status.INTERNAL, details: "internal error; see the service log" });
    expect(logged).toHaveLength(1);
  });
});
