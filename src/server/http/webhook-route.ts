import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { WebhookAuthConfig } from "../../config/live-config.js";
import type { ChangeBus } from "../../live/bus.js";
import { parseNotification, topicLabel } from "../../live/notification.js";
import { ErrorCode } from "../../errors/error-codes.js";
import { Explain } from "../../errors/explain.js";
import { graphqlErrorBody, HttpRequestError, sendJson } from "./http-errors.js";
import type { GatewayMetrics } from "../observability/metrics.js";
import { readJsonBody } from "./read-json-body.js";

/** The path Yoti's notifications are sent to. */
export const WEBHOOK_PATH = "/webhooks/yoti";
/** Largest notification body: Yoti's are about 150 bytes. */
export const MAX_WEBHOOK_BODY_BYTES = 16 * 1024;

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** The Authorization header Yoti sends for this configuration, as a digest (the token itself is not kept around). */
function expectedDigest(auth: WebhookAuthConfig): Buffer {
  const credentials = auth.authType === "BASIC" ? Buffer.from(auth.token, "utf8").toString("base64") : auth.token;
  return sha256(`${auth.authType === "BASIC" ? "basic" : "bearer"} ${credentials}`);
}

/** What the webhook route needs. */
export interface WebhookRouteOptions {
  /** Unset: the route answers 404 (sessions are polled instead). */
  readonly auth?: WebhookAuthConfig;
  readonly bus: ChangeBus;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
}

/**
 * POST /webhooks/yoti: Yoti's notifications. The Authorization header is checked (in constant
 * time) before a byte of the body is read; a valid notification is put on the bus and answered 200
 * at once: the upstream GET it causes never delays the answer, so Yoti has no reason to retry.
 */
export function webhookRoute(options: WebhookRouteOptions) {
  const { auth, bus, metrics, logger } = options;
  const expected = auth ? expectedDigest(auth) : undefined;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!expected) {
      req.resume();
      sendJson(res, 404, graphqlErrorBody(Explain.notificationsDisabled, ErrorCode.NOT_FOUND));
      return;
    }
    if (req.method !== "POST") {
      req.resume();
      sendJson(res, 405, graphqlErrorBody(Explain.methodNotAllowed, ErrorCode.BAD_USER_INPUT), { allow: "POST" });
      return;
    }
    // Scheme (any case) and credentials, one space apart, hashed whatever was sent: digests have one
    // length, so the comparison takes the same time for every wrong header.
    // Stryker disable next-line StringLiteral: equivalent, any text without two words hashes to a wrong digest the same way
    const header = /^(\S+) +(\S+) *$/.exec(req.headers.authorization ?? "");
    // Stryker disable next-line StringLiteral: equivalent, any text that is not the expected header gives a wrong digest
    const given = sha256(header ? `${header[1]!.toLowerCase()} ${header[2]}` : "");
    if (!timingSafeEqual(given, expected)) {
      metrics.webhook("none", "unauthorized");
      // The body is never read: the connection closes after the answer instead.
      res.shouldKeepAlive = false;
      const challenge = auth!.authType === "BASIC" ? 'Basic realm="yoti-notifications"' : "Bearer";
      // Yoti's callers hold a webhook token, not an API key or a JWT: the hint names the webhook's own variables.
      sendJson(res, 401, graphqlErrorBody(Explain.webhookUnauthenticated, ErrorCode.UNAUTHENTICATED), { "www-authenticate": challenge });
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, MAX_WEBHOOK_BODY_BYTES);
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: equivalent while readJsonBody throws only HttpRequestErrors; kept so a future bug surfaces as a 500
      if (!(error instanceof HttpRequestError)) throw error;
      metrics.webhook("none", "rejected");
      sendJson(res, error.status, graphqlErrorBody(error.message, ErrorCode.BAD_USER_INPUT));
      return;
    }
    const notification = body === undefined ? { invalid: Explain.notificationNotJson } : parseNotification(body, "webhook");
    if ("invalid" in notification) {
      metrics.webhook("none", "rejected");
      sendJson(res, 400, graphqlErrorBody(notification.invalid, ErrorCode.BAD_USER_INPUT));
      return;
    }
    const outcome = bus.publish(notification) === "duplicate" ? "duplicate" : "accepted";
    const topic = topicLabel(notification.topic);
    metrics.webhook(topic, outcome);
    logger.debug({ webhook: topic, outcome }, "notification received");
    sendJson(res, 200, { status: outcome });
  };
}
