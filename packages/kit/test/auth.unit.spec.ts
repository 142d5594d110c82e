import { Type } from "@sinclair/typebox";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  admit,
  authConfigFromEnv,
  authorize,
  PermissionDeniedError,
  requireOwnRecord,
  signToken,
  TokenVerifier,
  UnauthenticatedError,
  ValidationError,
} from "../src";

const SECRET = "unit-test-secret-that-is-at-least-32-bytes";
const verifier = new TokenVerifier(authConfigFromEnv({ AUTH_JWT_SECRET: SECRET }));

describe("token verification", () => {
  it("reads subject, known roles and employee id from a valid token", async () => {
    const token = await signToken(SECRET, {
      subject: "alice",
      roles: ["hr-core", "employee"],
      employeeId: "E1",
    });
    expect(await verifier.verify(`Bearer ${token}`)).toMatchObject({
      subject: "alice",
      roles: ["hr-core", "employee"],
      employeeId: "E1",
    });
  });

  it.each([
    ["no header", undefined, "missing bearer token"],
    ["another scheme", "Basic abc", "must be `Bearer <jwt>`"],
    ["garbage", "Bearer not.a.jwt", "invalid token"],
  ])("refuses %s", async (_what, header, message) => {
    const error = await verifier.verify(header).catch((e) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toContain(message);
  });

  it("refuses a token signed with another key, an expired one and one for another audience", async () => {
    const other = await signToken("another-secret-that-is-at-least-32-bytes!", {
      subject: "x",
      roles: ["hr-core"],
    });
    const expired = await signToken(SECRET, { subject: "x", roles: ["hr-core"], ttl: "-1m" });
    const elsewhere = await signToken(SECRET, { subject: "x", roles: ["hr-core"], audience: "payroll" });
    for (const token of [other, expired, elsewhere]) {
      await expect(verifier.verify(`Bearer ${token}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
  });

  it("says what is wrong in its own words, never quoting the token library", async () => {
    const other = await signToken("another-secret-that-is-at-least-32-bytes!", {
      subject: "x",
      roles: ["hr-core"],
    });
    const expired = await signToken(SECRET, { subject: "x", roles: ["hr-core"], ttl: "-1m" });
    const elsewhere = await signToken(SECRET, { subject: "x", roles: ["hr-core"], audience: "payroll" });
    const messages = await Promise.all(
      [other, expired, elsewhere, "not.a.jwt"].map((t) =>
        verifier.verify(`Bearer ${t}`).then(
          () => "accepted",
          (e: Error) => e.message,
        ),
      ),
    );
    expect(messages).toEqual([
      "invalid token: its signature does not verify",
      "invalid token: it has expired",
      "invalid token: its `aud` claim is missing or not accepted",
      "invalid token: it is not a well-formed, signed JWT",
    ]);
  });

  it("refuses a token without an expiry: it would be valid forever", async () => {
    const forever = await new SignJWT({ roles: ["hr-admin"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("x")
      .setIssuer("hr-integration")
      .setAudience("hr-integration")
      .sign(new TextEncoder().encode(SECRET));
    const error = await verifier.verify(`Bearer ${forever}`).catch((e) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toBe("invalid token: its `exp` claim is missing or not accepted");
  });

  it("refuses an unsigned token (alg none)", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: "x", roles: ["hr-admin"], aud: "hr-integration", iss: "hr-integration" }),
    ).toString("base64url");
    await expect(verifier.verify(`Bearer ${header}.${payload}.`)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it("drops roles it does not know", async () => {
    const token = await new SignJWT({ roles: ["hr-core", "root"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("bob")
      .setIssuer("hr-integration")
      .setAudience("hr-integration")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(SECRET));
    expect((await verifier.verify(`Bearer ${token}`)).roles).toEqual(["hr-core"]);
  });
});

describe("auth configuration", () => {
  it("refuses to start without a secret, or with a short one, saying what to set", () => {
    expect(() => authConfigFromEnv({})).toThrow(/AUTH_JWT_SECRET/);
    expect(() => authConfigFromEnv({ AUTH_JWT_SECRET: "short" })).toThrow(/at least 32 bytes/);
  });

  it("accepts only asymmetric algorithms with a JWKS, RS256 and ES256 unless told otherwise", () => {
    const jwks = { AUTH_JWKS_URL: "https://idp.example/jwks.json" };
    expect(authConfigFromEnv(jwks).algorithms).toEqual(["RS256", "ES256"]);
    expect(authConfigFromEnv({ ...jwks, AUTH_JWT_ALGORITHMS: "PS256, EdDSA" }).algorithms).toEqual([
      "PS256",
      "EdDSA",
    ]);
    expect(() => authConfigFromEnv({ ...jwks, AUTH_JWT_ALGORITHMS: "RS256,HS256" })).toThrow(
      /HS256 not accepted/,
    );
    expect(() => authConfigFromEnv({ ...jwks, AUTH_JWT_ALGORITHMS: "none" })).toThrow(/none not accepted/);
  });
});

describe("authorisation", () => {
  it("admits a caller holding one of the roles, and marks employee-only callers", () => {
    expect(authorize({ subject: "a", roles: ["hr-core"] }, ["hr-core", "employee"])).toEqual({
      ownRecordsOnly: false,
    });
    expect(
      authorize({ subject: "a", roles: ["employee"], employeeId: "E1" }, ["hr-core", "employee"]),
    ).toEqual({
      ownRecordsOnly: true,
    });
    expect(() => authorize({ subject: "a", roles: ["training-admin"] }, ["hr-core"])).toThrow(
      PermissionDeniedError,
    );
  });

  it("lets staff reach their own records only", () => {
    const staff = { subject: "a", roles: ["employee" as const], employeeId: "E1" };
    expect(() => requireOwnRecord(staff, "E1")).not.toThrow();
    expect(() => requireOwnRecord(staff, "E2")).toThrow(PermissionDeniedError);
    expect(() => requireOwnRecord({ subject: "a", roles: ["employee"] }, "E1")).toThrow(
      PermissionDeniedError,
    );
  });
});

describe("own-record check before validation", () => {
  const operation = {
    input: Type.Object({ employeeId: Type.String({ pattern: "^E[0-9]+$" }), level: Type.Integer() }),
    roles: ["hr-core", "employee"] as const,
    subject: (input: { employeeId: string }) => input.employeeId,
  };
  const as = async (roles: ("hr-core" | "employee")[]) =>
    `Bearer ${await signToken(SECRET, { subject: "a", roles, employeeId: "E1" })}`;
  const refusal = async (authorization: string, input: unknown) =>
    admit(operation, verifier, authorization, input).then(
      () => "admitted",
      (error: Error) => error.constructor.name,
    );

  it("refuses an employee naming someone else (403) whatever the input, so no 400 tells what it would take", async () => {
    const employee = await as(["employee"]);
    for (const input of [
      { employeeId: "E2", level: "x" },
      { employeeId: "E2", level: 3 },
      { employeeId: "a.b", level: 3 },
      { employeeId: 1, level: 3 },
      { level: "x" },
      null,
      "E1",
    ])
      expect(await refusal(employee, input)).toBe(PermissionDeniedError.name);
  });

  it("validates the employee's own request, and anyone's for staff roles", async () => {
    expect(await refusal(await as(["employee"]), { employeeId: "E1", level: "x" })).toBe(
      ValidationError.name,
    );
    expect(await refusal(await as(["employee"]), { employeeId: "E1", level: 3 })).toBe("admitted");
    expect(await refusal(await as(["hr-core"]), { employeeId: "E2", level: "x" })).toBe(ValidationError.name);
    expect(await refusal(await as(["hr-core", "employee"]), { employeeId: "E2", level: 3 })).toBe("admitted");
  });
});
