// Where and on what a bench run was taken: the machine's load before measuring (a busy machine
// skews every figure, ratios included, since all processes share the same cores), the git commit
// and the Node version. Printed at the top of a run and stored in latest.json.
import { execFileSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";

/** 1-minute load per core above which a run is refused unless forced. */
export const DEFAULT_MAX_LOAD_PER_CORE = 0.5;

/** What latest.json records about the run itself. */
export interface Provenance {
  /** `git rev-parse --short HEAD`, plus `-dirty` when the work tree has uncommitted changes. */
  commit: string;
  node: string;
  cores: number;
  /** The 1-minute load average over the cores, read before measuring. */
  load_per_core: number;
  max_load_per_core: number;
  /** True when the load was above the threshold and the run went ahead with --force. */
  busy: boolean;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** The short commit of `root`, `-dirty` when tracked files changed; "unknown" outside a git checkout. */
export function gitCommit(root: string): string {
  const head = git(["rev-parse", "--short", "HEAD"], root);
  if (!head) return "unknown";
  // Untracked files (node_modules symlinks, results) do not change what is measured.
  const dirty = git(["status", "--porcelain", "--untracked-files=no"], root);
  return dirty ? `${head}-dirty` : head;
}

/**
 * Reads the machine's load and the run's provenance. Throws when the 1-minute load per core is above
 * `maxLoadPerCore` and `force` is false: the figures of a busy machine mislead.
 */
export function checkMachine(root: string, maxLoadPerCore: number, force: boolean): Provenance {
  const cores = availableParallelism();
  const loadPerCore = Math.round((loadavg()[0]! / cores) * 100) / 100;
  const busy = loadPerCore > maxLoadPerCore;
  if (busy && !force) {
    throw new Error(
      `the machine is busy: 1-minute load ${loadPerCore} per core (${cores} cores) is above ${maxLoadPerCore}; ` +
        "wait for it to settle, raise --max-load=N, or pass --force to measure anyway (the run is then marked busy)",
    );
  }
  return { commit: gitCommit(root), node: process.version, cores, load_per_core: loadPerCore, max_load_per_core: maxLoadPerCore, busy };
}

/** One line for the top of the run's output. */
export function provenanceLine(p: Provenance): string {
  const load = `load ${p.load_per_core} per core (threshold ${p.max_load_per_core})`;
  return `bench: commit ${p.commit}, node ${p.node}, ${p.cores} cores, ${load}${p.busy ? ", BUSY MACHINE (--force): figures are suspect" : ""}`;
}
