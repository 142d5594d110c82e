// Demo data for `./run up`: the careers of demo-careers.ts, loaded through the services' public REST
// APIs with fixed request ids, so loading twice records nothing new.
import { signToken } from "@hr/kit";
import { type Await, DEMO, type Previous } from "./demo-careers";
import { hrSyncPlanning } from "./hr-sync-planning";
import { hrSyncRecords } from "./hr-sync-records";
import { newTraceparent } from "./zipkin";

/** What loading left to show: the records and the transfer planning read back, and each career's trace. */
export interface DemoLoaded {
  records: string[];
  /** Trace id by employee id. */
  traces: Map<string, string>;
}

/**
 * Loads the demo data of each running service; returns the records to show once loaded. The requests
 * of one employee carry one `traceparent`, so each career (the calls, the appends, the publishes and
 * the other services' projections of them) is one trace through every service it touches.
 */
export async function loadDemoData(
  services: Array<{ name: string; httpUrl: string; grpcAddress: string }>,
  secret: string,
  log: (line: string) => void,
): Promise<DemoLoaded> {
  const token = await signToken(secret, { subject: "demo-loader", roles: ["hr-admin"], ttl: "10m" });
  const traceparents = new Map<string, string>();
  const traces = new Map<string, string>();
  const headersOf = (employee = "") => {
    if (!traceparents.has(employee)) {
      const { traceId, traceparent } = newTraceparent();
      traceparents.set(employee, traceparent);
      if (employee) traces.set(employee, traceId);
    }
    return { authorization: `Bearer ${token}`, traceparent: traceparents.get(employee) as string };
  };
  for (const service of services) {
    const posts = DEMO[service.name]?.() ?? [];
    let previous: Previous = {};
    for (const post of posts) {
      const headers = headersOf(post.employee);
      // Polls go without the career's traceparent: waiting is not part of the career, and each poll
      // would add its spans to the trace.
      for (const after of post.after ?? [])
        await poll(service.httpUrl, { authorization: headers.authorization }, after);
      const path = typeof post.path === "function" ? post.path(previous) : post.path;
      const response = await fetch(`${service.httpUrl}${path}`, {
        method: post.method ?? "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(post.body),
      }).catch((error: Error) => {
        // fetch says only "fetch failed"; the cause (e.g. ECONNREFUSED) says whether the service died.
        const cause = (error.cause as Error | undefined)?.message ?? error.message;
        throw new Error(
          `demo data: ${post.method ?? "POST"} ${service.name} ${path} failed (${cause}); is ${service.name} still running? Its log says why it stopped`,
        );
      });
      if (!response.ok) {
        throw new Error(
          `demo data: ${post.method ?? "POST"} ${path} -> ${response.status} ${await response.text()}`,
        );
      }
      previous = (await response.json()) as Previous;
    }
    if (posts.length > 0) log(`[up] demo data: ${posts.length} requests to ${service.name}`);
  }
  const hrSync = services.find((s) => s.name === "hr-sync");
  const withSecondments = services.some((s) => s.name === "secondment");
  const records = hrSync ? await hrSyncRecords(hrSync.grpcAddress, secret, { withSecondments }) : [];
  return { records: [...records, ...(await hrSyncPlanning(services, secret))], traces };
}

/** Polls a GET until `ready` holds (at most a minute): another service's event must have arrived. */
async function poll(baseUrl: string, headers: Record<string, string>, after: Await): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${baseUrl}${after.path}`, { headers });
    if (response.ok && after.ready((await response.json()) as Record<string, unknown>)) return;
    if (Date.now() > deadline) throw new Error(`demo data: timed out waiting for ${after.what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
