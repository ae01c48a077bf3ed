// Scraping a replica's /metrics (with the metrics token) for the one counter the soak checks.
import { exchange } from "./http-client.js";
import type { LifeRecord } from "./record.js";
import type { Replica } from "./replica.js";

/** The counter of unhandled rejections and uncaught exceptions the gateway keeps. */
export const PROCESS_ERRORS_METRIC = "idv_graph_process_errors_total";

/** Sum of a counter's samples in a Prometheus text exposition; undefined when the metric is absent. */
export function counterValue(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = new RegExp(`^${name}(\\{[^}]*\\})?\\s+(\\S+)`).exec(line);
    if (m) total = (total ?? 0) + Number(m[2]);
  }
  return total;
}

/** Scrapes the replica's current incarnation into its life record (before a planned stop, and at the end). */
export async function scrapeProcessErrors(replica: Replica, metricsToken: string): Promise<void> {
  const life: LifeRecord | undefined = replica.life;
  if (!life || !replica.running()) return;
  const x = await exchange(replica.url, { method: "GET", path: "/metrics", headers: { authorization: `Bearer ${metricsToken}` }, timeoutMs: 5_000 });
  if (x.status !== 200) return;
  life.metricsScraped = true;
  life.processErrorsMetric = counterValue(x.body.toString("utf8"), PROCESS_ERRORS_METRIC);
}
