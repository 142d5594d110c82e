/**
 * The logging surface the kit needs. Fastify's pino logger satisfies it, so a service logs through
 * one logger; `consoleLogger` serves tools and tests.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const consoleLogger: Logger = {
  info: (obj, msg) => console.log(`[info] ${msg ?? ""}`, obj),
  warn: (obj, msg) => console.warn(`[warn] ${msg ?? ""}`, obj),
  error: (obj, msg) => console.error(`[error] ${msg ?? ""}`, obj),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
