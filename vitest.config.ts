import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // NOTE: forks, not threads: the native addon and large typed arrays behave best in plain processes.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ["default"],
  },
});
