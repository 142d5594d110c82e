import { defineConfig } from "vitest/config";

// Pure domain tests only: no broker, no store.
export default defineConfig({
  test: {
    include: ["{packages,services,deploy,bench,examples}/**/test/**/*.unit.spec.ts"],
  },
});
