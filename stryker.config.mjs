// Mutation testing of the security-critical code (`npm run mutation`; not in CI: too slow for 2 cores).
// The scope: everything that signs, authenticates, grants, limits or turns outcomes into codes.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts" },
  mutate: [
    "src/upstream/**/*.ts",
    "!src/upstream/wire/**",
    "src/server/auth/**/*.ts",
    "src/server/media-token.ts",
    "src/server/media-route.ts",
    "src/config/**/*.ts",
  ],
  // Only the tests that reach a mutant run for it.
  coverageAnalysis: "perTest",
  // Mutants in module-level code would need the whole suite per mutant; they are reported, not run.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 15_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
