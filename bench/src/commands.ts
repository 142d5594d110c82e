// The command side both pipeline stages drive: the skills service in-process and RecordAssessment over
// REST with a real bearer token, closed loop (C in flight) or open loop (R started per second).
import {
  type EventSourcedServiceSpec,
  type RunningService,
  signToken,
  startEventSourcedService,
} from "@hr/kit";
import { skillsService } from "@hr/skills/src/skills.service";
import type { BenchOptions } from "./options";
import { runPool } from "./pool";

export const SKILLS = [
  "security-engineering",
  "network",
  "cloud-infrastructure",
  "data-analysis",
  "service-design",
];

export interface Accepted {
  assessmentId: string;
  sentAt: number;
  acceptedAt: number;
}

/** A service as deployed (the relay woken by each append, polling every 500 ms otherwise). */
export function startService(
  spec: EventSourcedServiceSpec,
  infra: { kafkaBrokers: string[]; mongoUri: string },
  options: BenchOptions,
  names: { dbName: string; topicPrefix: string },
  secret: string,
): Promise<RunningService> {
  return startEventSourcedService(spec, {
    host: "127.0.0.1",
    httpPort: 0,
    grpcPort: 0,
    kafkaBrokers: infra.kafkaBrokers,
    mongoUri: infra.mongoUri,
    // The bench offers a flood from one caller on purpose: it measures the pipeline, not the rate limit.
    rateLimit: { perSecond: 0, burst: 1 },
    ...names,
    topicPartitions: options.partitions,
    auth: { secret: new TextEncoder().encode(secret), issuer: "hr-integration", audience: "hr-integration" },
  });
}

export const startSkills = (
  infra: { kafkaBrokers: string[]; mongoUri: string },
  options: BenchOptions,
  names: { dbName: string; topicPrefix: string },
  secret: string,
) => startService(skillsService, infra, options, names, secret);

/** `record(employee, requestId, skill, level)`: one RecordAssessment over REST, timed from send to reply. */
export async function assessmentSender(httpUrl: string, secret: string) {
  const token = await signToken(secret, { subject: "bench", roles: ["skills-admin"], ttl: "1h" });
  return async (employeeId: string, requestId: string, skillId: string, level: number): Promise<Accepted> => {
    const sentAt = Date.now();
    const response = await fetch(`${httpUrl}/v1/employees/${employeeId}/assessments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        requestId,
        skillId,
        level,
        assessor: "ASSESSOR_KIND_MANAGER",
        assessedOn: "2024-10-01",
        note: "benchmark assessment",
      }),
    });
    const body = (await response.json()) as { assessmentId?: string };
    const acceptedAt = Date.now();
    if (response.status !== 200 || !body.assessmentId) {
      throw new Error(`command ${requestId} refused: ${response.status} ${JSON.stringify(body)}`);
    }
    return { assessmentId: body.assessmentId, sentAt, acceptedAt };
  };
}

/**
 * Starts `one(0..events-1)`: open loop at `--rate` (each on its own schedule, late replies do not slow
 * the offered load) or closed loop at `--concurrency`. Returns at once; `failure()` tells a refusal.
 */
export function drive(options: BenchOptions, one: (i: number) => Promise<void>): () => unknown {
  let failure: unknown;
  const fail = (error: unknown) => {
    failure = error;
  };
  const t0 = Date.now();
  if (options.rate > 0) {
    void (async () => {
      for (let i = 0; i < options.events && !failure; i++) {
        const due = t0 + (i * 1000) / options.rate;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        one(i).catch(fail);
      }
    })();
  } else {
    void runPool(options.events, options.concurrency, one).catch(fail);
  }
  return () => failure;
}
