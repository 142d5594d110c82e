import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfigFromEnv, TokenVerifier, UnauthenticatedError } from "../src";

/** Tokens from an identity provider: keys fetched from a real JWKS endpoint on loopback. */
let server: Server;
let jwksUrl: string;
// A node KeyObject, so one RSA key can sign both RS256 and PS256.
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

beforeAll(async () => {
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: "k1", use: "sig" };
  server = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const signed = (alg: string) =>
  new SignJWT({ roles: ["hr-core"] })
    .setProtectedHeader({ alg, kid: "k1" })
    .setSubject("idp-user")
    .setIssuer("hr-integration")
    .setAudience("hr-integration")
    .setExpirationTime("5m")
    .sign(rsa.privateKey);

describe("JWKS tokens", () => {
  it("accepts a token signed with an allowed algorithm by a key of the JWKS", async () => {
    const verifier = new TokenVerifier(authConfigFromEnv({ AUTH_JWKS_URL: jwksUrl }));
    expect(await verifier.verify(`Bearer ${await signed("RS256")}`)).toMatchObject({
      subject: "idp-user",
      roles: ["hr-core"],
    });
  });

  it("refuses a token whose algorithm is not on the allow-list, even signed by a key of the JWKS", async () => {
    const verifier = new TokenVerifier(authConfigFromEnv({ AUTH_JWKS_URL: jwksUrl }));
    const error = await verifier.verify(`Bearer ${await signed("PS256")}`).catch((e) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toBe("invalid token: its signing algorithm is not accepted");
    const widened = new TokenVerifier(
      authConfigFromEnv({ AUTH_JWKS_URL: jwksUrl, AUTH_JWT_ALGORITHMS: "PS256" }),
    );
    expect((await widened.verify(`Bearer ${await signed("PS256")}`)).subject).toBe("idp-user");
  });
});
