// What the global set-up provides to every spec file (vitest's provide/inject).
declare module "vitest" {
  export interface ProvidedContext {
    /** Comma-separated `host:port` list. */
    kafkaBrokers: string;
    mongoUri: string;
    /** Which infrastructure the run uses, for messages. */
    infraBackend: string;
  }
}

export {};
