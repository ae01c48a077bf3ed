// Invariant 4: no process exit but the planned ones (SIGTERM from the soak, exit code 0), no processError
// log line (unhandled rejection, uncaught exception), and idv_graph_process_errors_total absent or 0.
import { readFile } from "node:fs/promises";
import { PROCESS_ERRORS_METRIC } from "../metrics.js";
import type { LifeRecord, Recorder } from "../record.js";
import { at, type CheckResult } from "./result.js";

/** The first line of a crash's stderr that names an error (Node prints the stack of what killed it there). */
async function crashLine(life: LifeRecord): Promise<string> {
  const err = await readFile(life.logFiles[1]!, "utf8").catch(() => "");
  const line = err.split("\n").find((l) => /^\w*Error\b|Unhandled|uncaught/i.test(l.trim()));
  return line ? `: ${line.trim().slice(0, 160)}` : "";
}

/** Invariant 4 over every replica incarnation. */
export async function checkExits(rec: Recorder, t0: number): Promise<CheckResult> {
  const details: string[] = [];
  let planned = 0;
  let unplanned = 0;
  for (const life of [...rec.lives].sort((x, y) => (x.exitedAt ?? Infinity) - (y.exitedAt ?? Infinity))) {
    const name = `replica ${life.replica}#${life.incarnation}`;
    if (life.exitedAt === undefined) {
      details.push(`${name} was still running after the run`);
      unplanned++;
    } else if (life.stopRequestedAt === undefined) {
      unplanned++;
      details.push(`${name} exited unplanned at ${at(life.exitedAt, t0)} (code ${life.exitCode}, signal ${life.exitSignal})${await crashLine(life)}`);
    } else if (life.exitCode !== 0) {
      unplanned++;
      details.push(`${name} exited with code ${life.exitCode} signal ${life.exitSignal} after SIGTERM`);
    } else {
      planned++;
    }
    for (const line of life.processErrorLines.slice(0, 3)) details.push(`${name} logged processError: ${line.slice(0, 200)}`);
    if ((life.processErrorsMetric ?? 0) > 0) details.push(`${name}: ${PROCESS_ERRORS_METRIC} = ${life.processErrorsMetric}`);
  }
  const errorLines = rec.lives.reduce((n, l) => n + l.processErrorLines.length, 0);
  const metric = rec.lives.reduce((n, l) => n + (l.processErrorsMetric ?? 0), 0);
  const scraped = rec.lives.filter((l) => l.metricsScraped).length;
  return {
    id: 4,
    name: "no unplanned exit, no processError log line, process-errors metric 0",
    measured: `${planned} planned exits (code 0), ${unplanned} other; ${errorLines} processError lines; metric ${metric} (${scraped} scraped)`,
    limit: "0 other, 0 lines, metric 0",
    pass: unplanned === 0 && errorLines === 0 && metric === 0,
    details,
    figures: { lives: rec.lives.length, planned, unplanned, processErrorLines: errorLines, processErrorsMetric: metric, scraped },
  };
}
