import { ResourceExhaustedError } from "../domain/errors";
import type { AnyOperation } from "./operation";

/** Commands a caller may send: `perSecond` on average, `burst` at once. 0 per second: no limit. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Generous: a person at a screen never meets it, a runaway script or a flood does. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 200, burst: 400 };

/** Beyond this many callers tracked, full buckets (idle callers) are forgotten: memory stays bounded. */
const MAX_TRACKED = 10_000;

/**
 * A token bucket per caller (the token's subject), in this process's memory: no store round trip, so
 * with N instances behind a load balancer a caller may send up to N times the limit in all.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one call from the caller's bucket, or refuses with RESOURCE_EXHAUSTED saying when to retry. */
  take(subject: string): void {
    const { perSecond, burst } = this.limit;
    if (perSecond <= 0) return;
    const now = this.now();
    const bucket = this.buckets.get(subject) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1_000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const retryAfterMs = Math.ceil(((1 - bucket.tokens) / perSecond) * 1_000);
      throw new ResourceExhaustedError(
        `more than ${perSecond} commands a second (bursts of ${burst}) from this caller; retry later`,
        { retryAfterMs },
      );
    }
    bucket.tokens -= 1;
    if (!this.buckets.has(subject) && this.buckets.size >= MAX_TRACKED) this.forgetIdle(now);
    this.buckets.set(subject, bucket);
  }

  private forgetIdle(now: number) {
    const { perSecond, burst } = this.limit;
    for (const [subject, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1_000) * perSecond >= burst) this.buckets.delete(subject);
    }
  }
}

/** The operation with the caller's rate limit taken before its handler runs (after authentication). */
export function rateLimited<O extends AnyOperation>(operation: O, limiter: RateLimiter): O {
  if (!("handle" in operation)) return operation;
  return {
    ...operation,
    handle: (input: unknown, call: Parameters<typeof operation.handle>[1]) => {
      limiter.take(call.principal.subject);
      return operation.handle(input, call);
    },
  };
}
