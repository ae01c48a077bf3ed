import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { MediaUrlConfig } from "../config/config.js";
import type { AuthConfig, LimitsConfig } from "../config/security-config.js";
import { buildGatewaySchema } from "../schema/build-schema.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { createApolloServer } from "./apollo.js";
import { createAuthenticator } from "./auth/authenticate.js";
import { createHttpApp } from "./http-app.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import { requestLogPlugin } from "./observability/request-log.js";

/** What the gateway needs to run. */
export interface GatewayOptions {
  readonly client: YotiClient;
  readonly media: MediaUrlConfig;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly introspection: boolean;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly port: number;
  readonly host: string;
}

/** A running gateway. */
export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/ */
  readonly url: string;
  readonly server: Server;
  /** Fails readiness, stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** Builds the schema, starts Apollo and listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const schema = await buildGatewaySchema();
  const server = createServer();
  const apollo = createApolloServer(schema, {
    introspection: options.introspection,
    limits: options.limits,
    httpServer: server,
    plugins: [requestLogPlugin(options.metrics)],
  });
  await apollo.start();
  let ready = true;
  const app = createHttpApp(apollo, {
    client: options.client,
    media: options.media,
    limits: options.limits,
    authenticate: await createAuthenticator(options.auth),
    logger: options.logger,
    metrics: options.metrics,
    isReady: () => ready,
  });
  server.on("request", app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () => {
      ready = false;
      return apollo.stop();
    },
  };
}
