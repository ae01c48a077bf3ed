import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql build for tests, type-graphql and Apollo alike ("another realm" errors otherwise).
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most integration files wait on sockets and child processes, not the CPU: three at a time on two cores.
    maxWorkers: 3,
  },
});
