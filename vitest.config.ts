import { defineConfig } from "vitest/config";

// One run for the whole tree: a single real broker and store from the global set-up,
// shared by every spec file (each file works in its own database and topics).
export default defineConfig({
  test: {
    include: ["{packages,services,deploy,bench,examples}/**/test/**/*.spec.ts"],
    globalSetup: ["packages/testing/src/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Many services share two worker processes here: do not let their load shedding answer the tests.
    env: { HTTP_SHED_EVENT_LOOP_DELAY_MS: "10000" },
    maxWorkers: 2,
  },
});
