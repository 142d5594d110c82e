/**
 * The logging surface the kit needs. Fastify's pino logger satisfies it, so a service logs through
 * one logger; `silentLogger` serves tests.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
