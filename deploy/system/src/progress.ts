// Long steps of `./run up` say what they wait for, and keep saying it, so a first start (provisioning
// takes minutes) never looks hung; Ctrl-C during a step ends the step at once.

/** Thrown by a step when the user interrupted it. */
export class Interrupted extends Error {}

const TICK_MS = 10_000;

/**
 * A runner of named steps: logs the step, then every 10 s how long it has been running, and rejects
 * with `Interrupted` as soon as `interrupted` settles (what the step started is stopped by the caller).
 */
export function stepRunner(log: (line: string) => void, interrupted: Promise<unknown>) {
  const stopped = interrupted.then(() => {
    throw new Interrupted("interrupted");
  });
  stopped.catch(() => {}); // handled by whichever step is running, if any
  return async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    log(`[up] ${what}...`);
    const timer = setInterval(
      () => log(`[up]   still ${what} (${Math.round((Date.now() - started) / 1000)}s)`),
      TICK_MS,
    );
    try {
      return await Promise.race([work(), stopped]);
    } finally {
      clearInterval(timer);
    }
  };
}
