// Mutation testing of the security-critical code (`npm run mutation`; not in CI: too slow for 2 cores).
// README "Mutation testing" has the last score, its duration and the equivalent survivors.

/** The scope: everything that signs, authenticates, grants, limits or turns outcomes into codes. Add new security code here. */
const scope = [
  "src/upstream/**/*.ts",
  "!src/upstream/wire/**", // type declarations and the wire's value lists: nothing to run
  "!src/upstream/cache/**", // the session cache keeps what was already read: performance, not a gate
  "src/errors/**/*.ts", // the one vocabulary: which outcome gets which code, text and status
  "src/config/**/*.ts",
  "src/server/graphql/authenticate.ts",
  "src/server/http/media-token.ts",
  "src/server/http/media-route.ts",
  // Added by the robustness and live-sessions work: request limits, the public base of media URLs,
  // webhook authentication, the WebSocket's origin, auth and budgets, and the grants on sessions.
  "src/server/graphql/request-budget.ts",
  "src/server/graphql/document-nesting.ts",
  "src/server/http/media-base.ts",
  "src/server/http/webhook-route.ts",
  "src/live/notification.ts",
  "src/server/websocket/upgrade.ts",
  "src/server/websocket/subscription-server.ts",
  "src/server/websocket/connection-budget.ts",
  "src/server/websocket/expiry-timer.ts",
  "src/schema/live.resolver.ts",
  "src/schema/session-access.ts",
  // The response cache serves answers without executing: its key (scopes) and its grant check are gates.
  "src/server/graphql/response-cache.ts",
  "src/server/graphql/response-key.ts",
];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The unit and integration tests only, cheapest file first (see the file).
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: scope,
  // Only the tests that reach a mutant run for it, and they stop at the first failure (bail: the default).
  coverageAnalysis: "perTest",
  // Mutants only module-level code reaches (constants, a test file's beforeAll) would need the whole
  // suite per mutant; they are reported as Ignored, not run. Cover such code from a test to count it.
  ignoreStatic: true,
  // Two workers for a full run; pass `--concurrency 1` when iterating on one file on a shared machine.
  concurrency: 2,
  timeoutMS: 15_000,
  // The first run of the whole scope on a loaded 2-core machine takes minutes.
  dryRunTimeoutMinutes: 20,
  // `npm run mutation -- --incremental` reuses reports/stryker-incremental.json (local, not committed).
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
