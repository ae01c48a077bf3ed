import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildGatewaySchema } from "../schema/build-schema.js";
import type { MediaUrlConfig } from "../config/config.js";
import type { YotiClient } from "../upstream/yoti-client.js";
import { createApolloServer } from "./apollo.js";
import { createHttpApp } from "./http-app.js";

/** What the gateway needs to run. */
export interface GatewayOptions {
  readonly client: YotiClient;
  readonly media: MediaUrlConfig;
  readonly port: number;
  readonly host: string;
  readonly development: boolean;
}

/** A running gateway. */
export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/ */
  readonly url: string;
  readonly server: Server;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** Builds the schema, starts Apollo and listens. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const schema = await buildGatewaySchema();
  const server = createServer();
  const apollo = createApolloServer(schema, { development: options.development, httpServer: server });
  await apollo.start();
  server.on("request", createHttpApp(apollo, options.client, options.media));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () => apollo.stop(),
  };
}
