import { relative } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config.js";

/**
 * Test files in order of cost, cheapest first: Stryker stops a mutant's run at its first failing
 * test, so a mutant a unit test kills should never wait for an integration file's emulator and
 * gateway. Unit tests come first, then each tier by the longest duration vitest has recorded for
 * the file (Stryker's first, complete run records every file in full; later runs of a few
 * selected tests would make a file look cheaper than its setup is, hence the maximum).
 */
class CheapestFirst extends BaseSequencer {
  private readonly longest = new Map<string, number>();

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cost = (file: TestSpecification): [number, number] => {
      const path = relative(root, file.moduleId);
      const key = `${file.project.name}:${path}`;
      const recorded = this.ctx.cache.getFileTestResults(key)?.duration;
      const longest = Math.max(this.longest.get(key) ?? 0, recorded ?? 0);
      this.longest.set(key, longest);
      const tier = file.project.name === "unit" ? 0 : 1;
      // A file never measured goes last in its tier: it may be anything.
      return [tier, recorded === undefined && longest === 0 ? Number.POSITIVE_INFINITY : longest];
    };
    const costs = new Map(files.map((f) => [f, cost(f)] as const));
    return [...files].sort((a, b) => {
      const [ta, ca] = costs.get(a)!;
      const [tb, cb] = costs.get(b)!;
      return ta - tb || ca - cb;
    });
  }
}

/**
 * The test run Stryker repeats per mutant (`npm run mutation`). Left out: tests that cannot kill a
 * mutant of this process: the emulator's own tests (they import no gateway code) and the tests that
 * run the gateway as a child process (startup, shutdown, soak), where Stryker's active mutant is not set.
 * Integration tests share one module graph per run (isolate: false saves re-importing Apollo and
 * type-graphql per file); they mock nothing, so sharing is safe. Unit tests may mock modules
 * (vi.mock), which needs a fresh graph per file: they stay isolated.
 */
const { resolve, test } = base;
// Each project spells out what it takes from vitest.config.ts: `extends` would also append its include list.
const shared = { testTimeout: test?.testTimeout, hookTimeout: test?.hookTimeout };

export default defineConfig({
  resolve,
  test: {
    sequence: { sequencer: CheapestFirst },
    projects: [
      { resolve, test: { ...shared, name: "unit", include: ["test/unit/**/*.test.ts"], isolate: true } },
      {
        resolve,
        test: {
          ...shared,
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/integration/startup.test.ts", "test/integration/shutdown.test.ts", "test/integration/soak.test.ts"],
          isolate: false,
        },
      },
    ],
  },
});
