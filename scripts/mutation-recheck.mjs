// Reruns the last mutation report's static survivors against every test (stryker.recheck.config.mjs),
// then folds the results into reports/mutation/mutation.json and prints the score before and after.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const MAIN = "reports/mutation/mutation.json";
const RECHECK = "reports/mutation/recheck.json";

/** Killed + timed out over everything that ran, as Stryker counts it. */
function score(report) {
  let detected = 0;
  let valid = 0;
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) {
      if (["Killed", "Timeout"].includes(m.status)) detected += 1;
      if (["Killed", "Timeout", "Survived", "NoCoverage"].includes(m.status)) valid += 1;
    }
  }
  return { detected, valid, percent: valid === 0 ? 100 : (100 * detected) / valid };
}

const report = JSON.parse(readFileSync(MAIN, "utf8"));
const key = (file, m) => `${file}:${m.location.start.line}:${m.location.start.column}:${m.mutatorName}:${m.replacement}`;
const ranges = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const m of mutants) {
    if (m.status !== "Survived" || !m.static) continue;
    const { start, end } = m.location;
    // The report's columns count from 1, a mutate range's from 0 (its end is inclusive).
    ranges.push(`${file}:${start.line}:${start.column - 1}-${end.line}:${end.column}`);
  }
}
if (ranges.length === 0) {
  console.log("No static survivors to recheck.");
  process.exit(0);
}
console.log(`Rechecking ${ranges.length} static survivor(s) against every test...`);
const run = spawnSync("npx", ["stryker", "run", "stryker.recheck.config.mjs"], {
  stdio: "inherit",
  env: { ...process.env, STRYKER_RECHECK: [...new Set(ranges)].join(",") },
});
if (run.status !== 0) process.exit(run.status ?? 1);

const recheck = JSON.parse(readFileSync(RECHECK, "utf8"));
const outcome = new Map();
for (const [file, { mutants }] of Object.entries(recheck.files)) for (const m of mutants) outcome.set(key(file, m), m);
const before = score(report);
let changed = 0;
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const m of mutants) {
    const again = m.status === "Survived" && m.static ? outcome.get(key(file, m)) : undefined;
    if (again && again.status !== "Survived") {
      Object.assign(m, { status: again.status, killedBy: again.killedBy, statusReason: again.statusReason });
      changed += 1;
    }
  }
}
writeFileSync(MAIN, JSON.stringify(report));
const after = score(report);
console.log(`Recheck: ${changed} of ${ranges.length} killed by a test the first run never ran for them.`);
console.log(`Mutation score: ${before.percent.toFixed(2)}% -> ${after.percent.toFixed(2)}% (${after.detected} of ${after.valid})`);
