import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** examples/review-app, the frontend the browser test builds. */
export const REVIEW_APP_DIR = fileURLToPath(new URL("../../examples/review-app/", import.meta.url));
/** The manifest its codegen writes: what GATEWAY_TRUSTED_DOCUMENTS_FILE takes. */
export const REVIEW_APP_MANIFEST = join(REVIEW_APP_DIR, "src", "gql", "persisted-documents.json");

/** How long each step of getting the app ready took, in milliseconds (0: skipped). */
export interface ReviewAppTimings {
  install: number;
  codegen: number;
  build: number;
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await step();
  return Math.round(performance.now() - started);
}

/**
 * Installs the app's own dependencies when missing (CI starts from a clean clone: `npm ci`, quiet),
 * runs its codegen (typed documents and the manifest) and builds it into `outDir`.
 */
export async function buildReviewApp(outDir: string): Promise<ReviewAppTimings> {
  const opts = { cwd: REVIEW_APP_DIR, maxBuffer: 16 * 1024 * 1024 };
  const install = existsSync(join(REVIEW_APP_DIR, "node_modules", ".bin", "vite"))
    ? 0
    : await timed(() => run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], opts));
  const codegen = await timed(() => run("npm", ["run", "--silent", "codegen"], opts));
  const build = await timed(() => run(join(REVIEW_APP_DIR, "node_modules", ".bin", "vite"), ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], opts));
  return { install, codegen, build };
}
