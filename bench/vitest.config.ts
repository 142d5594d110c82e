import { defineConfig } from "vitest/config";

// bench's pure helpers until the root configs include `bench/test/**/*.unit.spec.ts`:
// pnpm exec vitest run --config bench/vitest.config.ts
export default defineConfig({
  test: { root: __dirname, include: ["test/**/*.unit.spec.ts"] },
});
