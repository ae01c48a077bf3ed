// A replica's writes, as a child process: opens its own store (its own pool) on the server URL and
// appends `count` events in many concurrent small batches, then prints {ms} as JSON.
import { openAuditStore } from "../../src/audit/open-audit-store.js";
import { auditEvent } from "./audit-events.js";

const [url, countText, name] = process.argv.slice(2);
const count = Number(countText);
const store = await openAuditStore({ databaseUrl: url!, dir: "" });
const started = performance.now();
const inFlight = new Set<Promise<void>>();
let written = 0;
let batchNo = 0;
while (written < count) {
  const size = Math.min(1 + (batchNo++ % 5), count - written);
  const events = Array.from({ length: size }, (_, i) => auditEvent({ caller: name!, requestId: `${name}-${written + i}`, at: new Date() }));
  written += size;
  const append = store.append(events).finally(() => inFlight.delete(append));
  inFlight.add(append);
  // Up to 64 appends in flight at once, like a busy replica's concurrent requests.
  if (inFlight.size >= 64) await Promise.race(inFlight);
}
await Promise.all(inFlight);
const ms = performance.now() - started;
await store.close();
process.stdout.write(JSON.stringify({ ms }) + "\n");
