// The load for bench/components.ts, in its own process: a warm-up, then a measured run it announces.
import autocannon from "autocannon";
const [url, body, seconds] = process.argv.slice(2);
const opts = { url, method: "POST", headers: { "content-type": "application/json" }, body, connections: 8 };
await autocannon({ ...opts, duration: 3 });
process.send("measuring");
const r = await autocannon({ ...opts, duration: Number(seconds) });
if (r.non2xx > 0 || r.errors > 0) console.error(`components: ${r.non2xx} non-2xx, ${r.errors} errors`);
process.send({ served: r["2xx"], rps: r.requests.average }, () => process.exit(0));
