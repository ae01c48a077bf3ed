// Composition root: the only module that sees both the gateway and the embedded emulator.
import { ConfigError } from "./config/config-error.js";
import { emulatorUpstream, loadConfig, type Config, type UpstreamConfig } from "./config/config.js";
import { startGateway } from "./server/gateway.js";
import { createYotiClient } from "./upstream/yoti-client.js";

async function resolveUpstream(config: Config): Promise<{ upstream: UpstreamConfig; close: () => Promise<void> }> {
  if (config.upstream) return { upstream: config.upstream, close: async () => {} };
  // No Yoti credentials: serve demo sessions from the embedded emulator over real, signed HTTP.
  const { startEmulator } = await import("./emulator/index.js");
  const emulator = await startEmulator({ port: 0 });
  console.log(`No YOTI_CLIENT_SDK_ID/YOTI_KEY_FILE_PATH set: using the embedded Yoti emulator at ${emulator.baseUrl}`);
  console.log("Demo sessions:");
  for (const s of emulator.sessions) console.log(`  ${s.id}  ${s.name}`);
  return {
    upstream: emulatorUpstream(config.tuning, emulator.baseUrl, emulator.sdkId, emulator.keyFile),
    close: () => emulator.close(),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { upstream, close: closeUpstream } = await resolveUpstream(config);
  const development = !config.production || !config.upstream;
  const gateway = await startGateway({
    client: createYotiClient(upstream),
    media: config.media,
    port: config.port,
    host: config.host,
    development,
  });
  if (config.media.secretGenerated) {
    console.warn("GATEWAY_MEDIA_SECRET is not set: using a random secret, so Media.url links stop working when this process exits");
  }
  console.log(`idv-graph listening on ${gateway.url} (upstream ${new URL(upstream.baseUrl).origin})`);
  if (development) console.log(`Open ${gateway.url} in a browser for Apollo Sandbox.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining in-flight requests, then exiting`);
    Promise.all([gateway.close(), closeUpstream()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // Startup failures other than config (e.g. the port is taken): one line, no stack with paths or keys.
  const code = (error as NodeJS.ErrnoException)?.code;
  console.error(`idv-graph failed to start: ${code ?? (error instanceof Error ? error.name : "error")}${error instanceof Error ? `: ${error.message}` : ""}`);
  process.exit(1);
});
