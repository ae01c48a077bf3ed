import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { demoSession } from "../support/demo-data.js";
import { LISTENING, logRecords, SPAWN_TIMEOUT, spawnGateway } from "../support/gateway-process.js";
import { until } from "../support/wait.js";

const approved = demoSession("approved").session_id as string;
const PRELOAD = new URL("../support/process-fault-preload.ts", import.meta.url).pathname;

describe("failures no handler caught: logged and counted; a rejection serves on, an exception drains and exits 1", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.close());

  it("the policy, through the real entry point", async () => {
    const gw = spawnGateway(
      { YOTI_CLIENT_SDK_ID: emulator.sdkId, YOTI_KEY_FILE_PATH: emulator.keyFile, YOTI_IDV_API_URL: emulator.baseUrl, GATEWAY_SHUTDOWN_GRACE_MS: "600" },
      [PRELOAD],
    );
    const [, url] = await gw.waitFor(LISTENING);
    const query = () =>
      fetch(url!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ session(id: "${approved}") { state } }` }) }).then((r) => r.json());
    const processErrors = () => logRecords(gw.out()).filter((r) => r.processError !== undefined);

    gw.proc.kill("SIGUSR2");
    await until(() => processErrors().length === 1, "the unhandled rejection's log line");
    expect(processErrors()[0]).toMatchObject({ level: 50, processError: "unhandledRejection", errorName: "TypeError" });
    expect(await query()).toEqual({ data: { session: { state: "COMPLETED" } } });
    const metrics = await (await fetch(new URL("metrics", url))).text();
    expect(metrics).toMatch(/^idv_graph_process_errors_total\{kind="unhandledRejection"\} 1$/m);
    expect(gw.running()).toBe(true);

    gw.proc.kill("SIGUSR2");
    await until(() => processErrors().length === 2, "the uncaught exception's log line");
    expect(processErrors()[1]).toMatchObject({ level: 50, processError: "uncaughtException", errorName: "RangeError", code: "ERR_TEST_FAULT" });
    // The same drain as SIGTERM: readiness fails while the port still serves, then exit 1.
    const ready = await fetch(new URL("health/ready", url));
    expect(ready.status).toBe(503);
    expect(await gw.closed).toBe(1);
    expect(logRecords(gw.out()).find((r) => String(r.msg).startsWith("draining"))).toMatchObject({ signal: "uncaughtException" });
    for (const secret of ["Jane Specimen", "1988-12-04", "123456789"]) {
      expect(gw.out()).not.toContain(secret);
      expect(gw.err()).not.toContain(secret);
    }
  }, SPAWN_TIMEOUT);
});
