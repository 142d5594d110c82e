import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isRole, ROLES } from "./roles";
import { signToken } from "./token-verifier";

/**
 * `./run token --roles hr-core [--sub someone] [--employee-id E0001] [--ttl 8h]`
 * Prints a development token signed with AUTH_JWT_SECRET, or with the secret `./run up` generated.
 */
const DEV_ENV_FILE = ".hr-stack/dev.env";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      roles: { type: "string", default: "hr-core" },
      sub: { type: "string", default: "dev-user" },
      "employee-id": { type: "string" },
      ttl: { type: "string", default: "8h" },
    },
  });
  const roles = values.roles.split(",").map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) {
    throw new Error(`unknown role(s) ${unknown.join(", ")}; roles are ${ROLES.join(", ")}`);
  }
  const secret = process.env.AUTH_JWT_SECRET ?? devSecret();
  const token = await signToken(secret, {
    subject: values.sub,
    roles: roles.filter(isRole),
    ttl: values.ttl,
    ...(values["employee-id"] ? { employeeId: values["employee-id"] } : {}),
  });
  process.stdout.write(`${token}\n`);
}

function devSecret(): string {
  if (!existsSync(DEV_ENV_FILE)) {
    throw new Error(
      `set AUTH_JWT_SECRET, or start the local system with \`./run up\` (it writes ${DEV_ENV_FILE})`,
    );
  }
  const line = readFileSync(DEV_ENV_FILE, "utf8")
    .split("\n")
    .find((l) => l.startsWith("AUTH_JWT_SECRET="));
  if (!line) throw new Error(`${DEV_ENV_FILE} has no AUTH_JWT_SECRET; run \`./run up\` again`);
  return line.slice("AUTH_JWT_SECRET=".length);
}

main().catch((error: Error) => {
  console.error(`token: ${error.message}`);
  process.exit(1);
});
