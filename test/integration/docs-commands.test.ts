import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { ConfigError } from "../../src/config/config-error.js";
import { EnvSchema } from "../../src/config/env-schema.js";
import { startExamplesServer } from "../../scripts/serve-examples.mjs";
import { docPages, fencedBlocks, REPO_ROOT, type FencedBlock } from "../support/docs.js";
import { LISTENING, SPAWN_TIMEOUT, spawnGateway, type GatewayProcess } from "../support/gateway-process.js";
import { until } from "../support/wait.js";
import { shellCommands, splitAssignments, type ShellCommand } from "../support/shell-words.js";

// Every command shown in a ```sh or ```bash block of README.md and docs/**/*.md is classified here:
// RUN against a gateway started as `npm start` starts it (src/main.ts, the embedded emulator),
// CHECKED without running (an npm script that exists, a Docker command's variables), or
// ALLOW-LISTED below with its reason. A command that fits none fails the test: add a way to run it.

const SCRIPTS = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
/** npm's own commands the README shows (the two commands at the top); the suite runs them, never from inside itself. */
const NPM_BUILTINS = new Set(["install", "ci", "start", "test"]);
/** Scripts that are checked to exist but never run from the suite: the suite itself, builds, long runs, or processes that do not end. */
const NOT_RUN: Record<string, string> = {
  emulator: "builds dist/ and serves until stopped",
  mutation: "an hour of mutation testing",
  "mutation:recheck": "follows a mutation run",
  subscribe: "follows a session until it ends (its own tests cover it)",
  "audit:verify": "needs an audit store (its own tests cover it: test/integration/audit-verify-cli.test.ts)",
  "bench:audit": "minutes of load on three gateways and a PostgreSQL server",
};
/** Scripts other work is adding now: a command naming one is accepted while the script is absent, checked like any other once it exists. */
const PENDING_SCRIPTS: Record<string, string> = {};
/** Commands nothing here can run, each with the reason (matched against the command's words joined by spaces). */
const ALLOWED: readonly (readonly [RegExp, string])[] = [
  [/^sleep \d+$/, "a pause in the standalone-emulator recipe (docs/configuration.md), which builds and starts a second server"],
  [/^E=\$\(head -1 \/tmp\/emu\.log\)$/, "reads the standalone emulator's first line (its JSON contract is tested in test/emulator)"],
  [/^rover subgraph (introspect|publish) /, "Apollo's rover CLI against a deployed gateway and GraphOS; not installed here (federation is tested in test/integration/federation.test.ts)"],
];
/** Variables a command may set that are not the gateway's (EnvSchema holds those). */
const OTHER_VARIABLES = new Set(["KEY", "PWD", "E"]);

const SHELL_LANGS = new Set(["sh", "bash"]);
const DOC_URL = "http://localhost:4000/";

interface Documented {
  readonly block: FencedBlock;
  readonly command: ShellCommand;
  /** The ```json block that follows a block of one curl: the start of its answer. */
  readonly expected?: unknown;
}

function documentedCommands(): Documented[] {
  const found: Documented[] = [];
  for (const page of docPages()) {
    const blocks = fencedBlocks(page);
    blocks.forEach((block, i) => {
      if (!SHELL_LANGS.has(block.lang)) return;
      const commands = shellCommands(block.text);
      const next = blocks[i + 1];
      const shown = commands.length > 0 && commands.every((c) => c.words[0] === "curl") && next?.lang === "json" ? next.text : undefined;
      // An answer that does not parse is kept as its text: the curl's test then fails, naming it.
      let answer: unknown = shown;
      try {
        if (shown !== undefined) answer = JSON.parse(shown);
      } catch {}
      // The answer shown under a block is the last command's (the ones before it set the scene).
      commands.forEach((command, i) => found.push({ block, command, expected: i === commands.length - 1 ? answer : undefined }));
    });
  }
  return found;
}

/** True when `actual` holds everything `expected` shows: objects key by key, each expected list item somewhere in the list. */
function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((item) => actual.some((a) => contains(a, item)));
  if (expected !== null && typeof expected === "object") {
    return actual !== null && typeof actual === "object" && Object.entries(expected).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
  }
  return Object.is(actual, expected);
}

const where = (d: Documented) => `${d.block.page}:${d.block.line}: ${d.command.source}`;
const words = (d: Documented) => splitAssignments(d.command.words);

/** Every GATEWAY_* / YOTI_* name a command mentions (assignments, docker -e, anywhere in its text). */
function gatewayVariables(d: Documented): string[] {
  return [...new Set([...d.command.source.matchAll(/\b((?:GATEWAY|YOTI)_[A-Z0-9_]+)\b/g)].map((m) => m[1]!))];
}

/** The runtime image's ENV (Dockerfile), as `docker run` starts it. */
function imageEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const last = [...dockerfile.matchAll(/^ENV\s+(.+)$/gm)].at(-1)![1]!;
  return Object.fromEntries([...last.matchAll(/([A-Z_]+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, "")]));
}

/** A docker run's `-e NAME=value` pairs. */
function dockerEnv(args: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  args.forEach((a, i) => {
    if (a === "-e" && args[i + 1]) {
      const [name, ...value] = args[i + 1]!.split("=");
      env[name!] = value.join("=");
    }
  });
  return env;
}

const all = documentedCommands();
const kind = (d: Documented): "curl" | "npm" | "node" | "docker" | "allowed" | "unknown" => {
  const [program, ...args] = words(d).rest;
  const text = words(d).rest.join(" ") || d.command.words.join(" ");
  if (ALLOWED.some(([re]) => re.test(text))) return "allowed";
  if (program === "curl" && args.some((a) => a.startsWith(DOC_URL))) return "curl";
  if (program === "npm") return "npm";
  if (program === "node" && (args[0] === "scripts/serve-examples.mjs" || args[0] === "-e")) return "node";
  if (program === "docker") return "docker";
  return "unknown";
};

describe("every command in README.md and docs/ runs, or is checked, or is allow-listed with a reason", () => {
  it("finds the documented commands (the README's curls among them)", () => {
    expect(all.filter((d) => kind(d) === "curl").length).toBeGreaterThanOrEqual(10);
    expect(all.filter((d) => d.block.page === "README.md").length).toBeGreaterThan(10);
  });

  it("no command is of a kind this test cannot run or check", () => {
    expect(all.filter((d) => kind(d) === "unknown").map(where)).toEqual([]);
  });

  it("every GATEWAY_* and YOTI_* variable a command names is one the gateway reads", () => {
    const known = new Set(Object.keys(EnvSchema.shape));
    const unknown = all.flatMap((d) => gatewayVariables(d).filter((name) => !known.has(name)).map((name) => `${name} in ${where(d)}`));
    expect(unknown).toEqual([]);
    const assigned = all.flatMap((d) => [...Object.keys(words(d).env), ...(kind(d) === "docker" ? Object.keys(dockerEnv(words(d).rest)) : [])]);
    expect(assigned.filter((name) => !known.has(name) && !OTHER_VARIABLES.has(name))).toEqual([]);
  });

  it("every npm command is npm's own (the two commands) or a script of package.json; none is run from inside the suite", () => {
    const wrong: string[] = [];
    for (const d of all.filter((x) => kind(x) === "npm")) {
      const args = words(d).rest.slice(1).filter((a) => !a.startsWith("-"));
      const [sub, script] = args;
      if (NPM_BUILTINS.has(sub!)) continue;
      if (sub !== "run" || !script) wrong.push(`not npm run <script>: ${where(d)}`);
      else if (!(script in SCRIPTS) && !(script in PENDING_SCRIPTS)) wrong.push(`no script "${script}": ${where(d)}`);
      else if (!(script in NOT_RUN)) wrong.push(`"${script}" exists but this test neither runs it nor says why not: ${where(d)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("docker commands are listed (no engine here); the emulator's `docker run` environment, with the image's, passes the configuration check", () => {
    const docker = all.filter((d) => kind(d) === "docker");
    expect(docker.map((d) => words(d).rest[1])).toEqual(expect.arrayContaining(["build", "run"]));
    const image = imageEnv();
    expect(image.NODE_ENV).toBe("production");
    // The image alone refuses to start without Yoti credentials: hence the documented override.
    expect(() => loadConfig(image)).toThrow(ConfigError);
    const emulatorRuns = docker.filter((d) => words(d).rest[1] === "run" && words(d).rest.includes("idv-graph") && !("YOTI_CLIENT_SDK_ID" in dockerEnv(words(d).rest)));
    expect(emulatorRuns.length).toBeGreaterThan(0);
    for (const d of emulatorRuns) {
      const config = loadConfig({ ...image, ...dockerEnv(words(d).rest) });
      expect(config.upstream.credentials, where(d)).toBeUndefined();
      expect(config.production, where(d)).toBe(false);
    }
  });

  it("node commands run: the examples server serves both pages; the API key hash prints 64 hex digits", async () => {
    for (const d of all.filter((x) => kind(x) === "node")) {
      const [, first, ...rest] = words(d).rest;
      if (first === "scripts/serve-examples.mjs") {
        expect(existsSync(join(REPO_ROOT, first))).toBe(true);
        const examples = await startExamplesServer({ port: 0 });
        try {
          for (const page of ["live-session.html", "media.html"]) expect((await fetch(examples.url + page)).status, where(d)).toBe(200);
        } finally {
          await examples.close();
        }
      } else {
        const out = execFileSync(process.execPath, ["-e", rest[0]!, "a-documented-api-key"], { encoding: "utf8" });
        expect(out.trim(), where(d)).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });
});

describe("the documented curl commands, against a gateway started as npm start starts it", () => {
  let gw: GatewayProcess;
  let url: string;
  let auditDir: string;
  beforeAll(async () => {
    // As npm start runs it: the audit trail on, in a PGlite folder of its own (the README reads it back).
    auditDir = mkdtempSync(join(tmpdir(), "idv-graph-docs-audit-"));
    gw = spawnGateway({ GATEWAY_AUDIT: "on", GATEWAY_AUDIT_DIR: auditDir });
    [, url] = (await gw.waitFor(LISTENING)) as unknown as [string, string];
    // Ready once its audit store has opened (a new PGlite folder takes seconds): personal data waits for it.
    const ready = () => fetch(new URL("health/ready", url)).then((res) => res.status === 200, () => false);
    await until(ready, { timeoutMs: SPAWN_TIMEOUT, what: "readiness" });
  }, 2 * SPAWN_TIMEOUT);
  afterAll(async () => {
    gw?.proc.kill("SIGTERM");
    await gw?.closed;
    if (auditDir) rmSync(auditDir, { recursive: true, force: true });
  });

  /** Runs a documented curl, as written, with its URL pointed at the test gateway (curl is installed wherever the suite runs). */
  function run(d: Documented): { status: number; body: string } {
    const args = words(d).rest.slice(1).map((a) => (a.startsWith(DOC_URL) ? url + a.slice(DOC_URL.length) : a));
    const out = execFileSync("curl", [...args, "-w", "\n%{http_code}"], { encoding: "utf8", timeout: 15_000 });
    const cut = out.lastIndexOf("\n");
    return { status: Number(out.slice(cut + 1)), body: out.slice(0, cut) };
  }
  const curls = all.filter((d) => kind(d) === "curl");

  it.each(curls.map((d) => [where(d).slice(0, 120), d] as const))("%s", (_name, d) => {
    const { status, body } = run(d);
    expect(status).toBe(200);
    if (d.expected !== undefined) {
      const answer = JSON.parse(body) as unknown;
      expect(contains(answer, d.expected), `${JSON.stringify(answer).slice(0, 400)}\ndoes not contain\n${JSON.stringify(d.expected)}`).toBe(true);
    }
  });
});
