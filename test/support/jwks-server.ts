import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK } from "jose";
import type { JwtIssuer } from "./tokens.js";

/** A JWKS URL on loopback serving one issuer's public key, as an identity provider would. */
export interface JwksServer {
  readonly url: string;
  /** How many times the document was fetched (the gateway should cache it). */
  fetches(): number;
  close(): Promise<void>;
}

/** Serves `issuer`'s public key under `keyId` (tokens must carry that `kid`) at a fresh path on an ephemeral port. */
export async function startJwksServer(issuer: JwtIssuer, keyId: string, path = "/.well-known/jwks.json"): Promise<JwksServer> {
  const jwk = { ...(await exportJWK(issuer.publicKey)), kid: keyId, alg: issuer.algorithm, use: "sig" };
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    fetches: () => fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
