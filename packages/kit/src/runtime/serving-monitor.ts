import type { HealthImplementation } from "grpc-health-check";
import type { Logger } from "./logger";

/** A dependency check: resolves true when the dependency answers. */
export type Probe = () => Promise<boolean>;

export interface ServingMonitorOptions {
  health: HealthImplementation;
  /** Full gRPC service names reported besides the overall status (""), e.g. `hr.skills.v1.SkillsService`. */
  services: string[];
  probes: Record<string, Probe>;
  logger: Logger;
  /** How often the probes run (default 5 s). */
  intervalMs?: number;
  /** A probe that has not answered by then counts as down (default 3 s). */
  timeoutMs?: number;
}

/**
 * Keeps the standard gRPC health service (and /readyz) true to the dependencies: SERVING while every
 * probe (store, broker) answers, NOT_SERVING while one does not, and NOT_SERVING for good once the
 * service starts stopping, so load balancers and Kubernetes probes send no new calls to it.
 */
export class ServingMonitor {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<Record<string, boolean>> | undefined;
  private last: boolean | undefined;
  private checked = false;

  constructor(private readonly options: ServingMonitorOptions) {
    this.report(false);
  }

  /** Checks once now (so the first answer is a real one), then every interval. */
  async start(): Promise<void> {
    await this.check();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  /** Runs the probes (joining a run in progress) and reports the outcome; returns each probe's answer. */
  check(): Promise<Record<string, boolean>> {
    this.running ??= this.probeAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** NOT_SERVING from now on: called first when the service stops. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.report(false);
  }

  get stopping(): boolean {
    return this.stopped;
  }

  private async probeAll(): Promise<Record<string, boolean>> {
    const names = Object.keys(this.options.probes);
    const answers = await Promise.all(names.map((name) => this.probe(name)));
    const checks = Object.fromEntries(names.map((name, i) => [name, answers[i] === true]));
    this.report(answers.every(Boolean));
    return checks;
  }

  private async probe(name: string): Promise<boolean> {
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(false), this.options.timeoutMs ?? 3_000);
    });
    try {
      return await Promise.race([this.options.probes[name]!().catch(() => false), timedOut]);
    } finally {
      clearTimeout(timeout);
    }
  }

  private report(up: boolean): void {
    const serving = up && !this.stopped;
    if (serving === this.last) return;
    // The first check after start is no change worth a warning; later flips are.
    if (this.checked && !this.stopped) {
      this.options.logger.warn({ serving }, serving ? "dependencies answer again" : "not serving");
    }
    this.checked = this.last !== undefined;
    this.last = serving;
    const status = serving ? "SERVING" : "NOT_SERVING";
    for (const service of ["", ...this.options.services]) this.options.health.setStatus(service, status);
  }
}
