import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { MEDIA_PREFIX } from "./media-route.js";

/** A Host header that is only a host name or address and an optional port: nothing a link could be bent with. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The base of Media.url links: the configured public URL (required in production), or in
 * development the origin the caller reached us on, when its Host header is a plain host[:port];
 * otherwise the address the request arrived at.
 */
export function mediaBaseFor(publicUrl: string | undefined): (req: IncomingMessage) => string {
  if (publicUrl !== undefined) {
    const base = `${publicUrl}${MEDIA_PREFIX}`;
    return () => base;
  }
  return (req) => {
    const scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
    const host = req.headers.host;
    const authority = host !== undefined && HOST.test(host) ? host : `localhost:${req.socket.localPort ?? 80}`;
    return `${scheme}://${authority}${MEDIA_PREFIX}`;
  };
}
