import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import mutation from "./vitest.mutation.config.js";

/**
 * The mutation run's tests with every file isolated, for the recheck of survivors whose code also
 * runs outside any test (module constants, a gateway built in beforeAll): Stryker reports those
 * from the few tests its per-test coverage saw, so they are run again against every test, each
 * file importing the mutated code afresh (`npm run mutation:recheck`).
 */
const projects = (mutation.test?.projects as TestProjectInlineConfiguration[]).map((project) => ({
  ...project,
  test: { ...project.test, isolate: true },
}));

export default defineConfig({ ...mutation, test: { ...mutation.test, projects } });
