import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from "jose";
import { PermissionDeniedError, UnauthenticatedError } from "../domain/errors";
import { isRole, type Role } from "./roles";

/** Who is calling, as the verified token says. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** Set for staff calling about themselves (role `employee`). */
  employeeId?: string;
  /** The token's `exp`: a long-lived call (a stream) ends then, and the caller authenticates again. */
  expiresAt?: Date;
}

export interface AuthConfig {
  /** HS256 shared secret (at least 32 bytes), or a JWKS URL for asymmetric keys from an identity provider. */
  secret?: Uint8Array;
  jwksUrl?: URL;
  /** With a JWKS: the signing algorithms accepted (default RS256 and ES256); never `none` or a shared-secret one. */
  algorithms?: string[];
  issuer: string;
  audience: string;
}

/** Asymmetric algorithms a JWKS key may sign with; HS* would let a public key be used as a shared secret. */
const ASYMMETRIC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];
const DEFAULT_JWKS_ALGORITHMS = ["RS256", "ES256"];

const MIN_SECRET_BYTES = 32;

/** Reads the auth settings from the environment; a missing secret stops the service with advice. */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const issuer = env.AUTH_ISSUER || "hr-integration";
  const audience = env.AUTH_AUDIENCE || "hr-integration";
  if (env.AUTH_JWKS_URL) {
    const algorithms = env.AUTH_JWT_ALGORITHMS
      ? env.AUTH_JWT_ALGORITHMS.split(",").map((a) => a.trim())
      : DEFAULT_JWKS_ALGORITHMS;
    const refused = algorithms.filter((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
    if (refused.length > 0) {
      throw new Error(
        `AUTH_JWT_ALGORITHMS: ${refused.join(", ")} not accepted with a JWKS; use some of ${ASYMMETRIC_ALGORITHMS.join(", ")}`,
      );
    }
    return { jwksUrl: new URL(env.AUTH_JWKS_URL), algorithms, issuer, audience };
  }
  const secret = env.AUTH_JWT_SECRET;
  if (!secret) {
    throw new Error(
      "AUTH_JWT_SECRET (HS256, at least 32 characters) or AUTH_JWKS_URL must be set. For local development " +
        "`./run up` generates one and `./run token` signs tokens with it.",
    );
  }
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  return { secret: new TextEncoder().encode(secret), issuer, audience };
}

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly config: AuthConfig) {
    if (config.jwksUrl) this.key = createRemoteJWKSet(config.jwksUrl);
    else if (config.secret) this.key = config.secret;
    else throw new Error("auth config needs a secret or a JWKS URL");
    this.algorithms = config.algorithms ?? DEFAULT_JWKS_ALGORITHMS;
  }

  /** Verifies `Bearer <jwt>`; throws UnauthenticatedError saying what is wrong. */
  async verify(authorization: string | undefined): Promise<Principal> {
    if (!authorization)
      throw new UnauthenticatedError("missing bearer token: send `authorization: Bearer <jwt>`");
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError("authorization must be `Bearer <jwt>`");
    let payload: JWTPayload;
    try {
      // A token must expire: one without `exp` would be a credential valid forever.
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ["exp", "sub"],
      };
      payload =
        typeof this.key === "function"
          ? (await jwtVerify(match[1]!, this.key, { ...options, algorithms: this.algorithms })).payload
          : (await jwtVerify(match[1]!, this.key, { ...options, algorithms: ["HS256"] })).payload;
    } catch (error) {
      throw new UnauthenticatedError(`invalid token: ${reasonOf(error)}`);
    }
    if (!payload.sub) throw new UnauthenticatedError("invalid token: its `sub` claim is empty");
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => typeof r === "string" && isRole(r))
      : [];
    const employeeId = typeof payload.employee_id === "string" ? payload.employee_id : undefined;
    return {
      subject: payload.sub,
      roles,
      ...(employeeId ? { employeeId } : {}),
      ...(payload.exp ? { expiresAt: new Date(payload.exp * 1_000) } : {}),
    };
  }
}

/**
 * Says what is wrong with a token in our own words. The library's messages are not passed on: they
 * quote claim values and key details, and their wording is not a contract.
 */
function reasonOf(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "it has expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return claim ? `its \`${claim}\` claim is missing or not accepted` : "a claim is not accepted";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "its signing algorithm is not accepted";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "its signature does not verify";
    case "ERR_JWKS_NO_MATCHING_KEY":
      return "no key of the identity provider matches it";
    case "ERR_JWKS_TIMEOUT":
    case "ERR_JWKS_INVALID":
      return "the identity provider's keys could not be fetched; try again later";
    default:
      return "it is not a well-formed, signed JWT";
  }
}

/**
 * Admits the caller if one of its roles is allowed. Returns true when it was admitted only as
 * `employee`: then the operation may touch only the caller's own records (see `requireOwnRecord`).
 */
export function authorize(principal: Principal, allowed: readonly Role[]): { ownRecordsOnly: boolean } {
  const granted = principal.roles.filter((r) => allowed.includes(r));
  if (granted.length === 0) {
    throw new PermissionDeniedError(`this operation needs one of the roles ${allowed.join(", ")}`);
  }
  return { ownRecordsOnly: granted.every((r) => r === "employee") };
}

export function requireOwnRecord(principal: Principal, subjectEmployeeId: string | undefined): void {
  if (
    !principal.employeeId ||
    subjectEmployeeId === undefined ||
    principal.employeeId !== subjectEmployeeId
  ) {
    throw new PermissionDeniedError("staff may only see and change their own records");
  }
}

/** Signs a token (development and tests; production tokens come from the identity provider). */
export async function signToken(
  secret: string,
  claims: {
    subject: string;
    roles: Role[];
    employeeId?: string;
    issuer?: string;
    audience?: string;
    ttl?: string;
  },
): Promise<string> {
  return new SignJWT({
    roles: claims.roles,
    ...(claims.employeeId ? { employee_id: claims.employeeId } : {}),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.subject)
    .setIssuer(claims.issuer ?? "hr-integration")
    .setAudience(claims.audience ?? "hr-integration")
    .setIssuedAt()
    .setExpirationTime(claims.ttl ?? "8h")
    .sign(new TextEncoder().encode(secret));
}

/**
 * An AbortSignal that aborts when the principal's token expires (never without an `exp`), for calls that
 * outlive a request: streams end then, and the caller comes back with a fresh token.
 */
export function tokenExpiry(principal: Principal): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const expiresAt = principal.expiresAt?.getTime();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = (expiresAt ?? 0) - Date.now();
    if (left <= 0) controller.abort(new TokenExpired());
    // setTimeout holds at most 2^31-1 ms (about 24.8 days): a later expiry re-arms.
    else timer = setTimeout(arm, Math.min(left, 2 ** 31 - 1));
  };
  if (expiresAt !== undefined) arm();
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/** The reason of a `tokenExpiry` abort. */
export class TokenExpired extends UnauthenticatedError {
  constructor() {
    super("the token expired: authenticate again and resume from the last cursor");
  }
}
