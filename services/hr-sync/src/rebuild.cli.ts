// `pnpm --filter @hr/hr-sync rebuild`: starts a rebuild in the running hr-sync and prints its progress
// until it has switched over. HR_SYNC_URL (default http://127.0.0.1:3004); a token in HR_SYNC_TOKEN, or
// one signed with AUTH_JWT_SECRET (development) for the hr-admin role.
import { randomUUID } from "node:crypto";
import { signToken } from "@hr/kit";

const base = process.env.HR_SYNC_URL ?? "http://127.0.0.1:3004";

async function token(): Promise<string> {
  if (process.env.HR_SYNC_TOKEN) return process.env.HR_SYNC_TOKEN;
  const secret = process.env.AUTH_JWT_SECRET;
  if (!secret) throw new Error("set HR_SYNC_TOKEN, or AUTH_JWT_SECRET to sign a development token");
  return signToken(secret, { subject: "rebuild-cli", roles: ["hr-admin"], ttl: "1h" });
}

async function call(method: "GET" | "POST", path: string, auth: string, body?: object) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const reply = (await response.json()) as {
    status?: Record<string, string | number>;
    error?: { message: string };
  };
  if (!response.ok || !reply.status)
    throw new Error(`${method} ${path}: ${response.status} ${reply.error?.message}`);
  return reply.status;
}

async function main() {
  const auth = await token();
  let status = await call("POST", "/v1/rebuilds", auth, { requestId: `rebuild-${randomUUID()}` });
  console.log(`[rebuild] started at ${status.startedAt}`);
  let shown = "";
  while (status.state === "REBUILD_STATE_REPLAYING") {
    await new Promise((r) => setTimeout(r, 1_000));
    status = await call("GET", "/v1/rebuilds/current", auth);
    const line = `[rebuild] generation ${status.generation}: replayed ${status.handled} of ${status.total} messages`;
    if (line !== shown) console.log(line);
    shown = line;
  }
  if (status.state !== "REBUILD_STATE_SWITCHED") throw new Error(`rebuild ${status.state}: ${status.error}`);
  console.log(
    `[rebuild] switched over to generation ${status.generation} at ${status.finishedAt}; ` +
      `${status.recordsChanged} records differed from the live ones (logged for WatchChanges)`,
  );
}

main().catch((error: Error) => {
  console.error(`rebuild: ${error.message}`);
  process.exit(1);
});
