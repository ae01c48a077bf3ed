// `npm run mutation:recheck`: the survivors of the last `npm run mutation` whose code also ran outside
// any test (module constants, a gateway built in a beforeAll), run again against every test.
// Stryker's per-test coverage attributes such code to the few tests that happened to run it inside a
// test body, so a test that would kill the mutant may never have run for it. Here each of them runs
// with coverage off (every test, cheapest first, stopping at the first failure), each test file
// importing the mutated code afresh. Its report replaces those mutants' statuses in the main report
// (scripts/mutation-recheck.mjs).
import base from "./stryker.config.mjs";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  ...base,
  mutate: (process.env.STRYKER_RECHECK ?? "").split(",").filter(Boolean),
  coverageAnalysis: "off",
  ignoreStatic: false,
  vitest: { configFile: "vitest.mutation-isolated.config.ts" },
  incremental: false,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/recheck.json" },
  tempDirName: ".stryker-tmp-recheck",
};
