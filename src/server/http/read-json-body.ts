import type { IncomingMessage } from "node:http";
import getRawBody from "raw-body";
import { Explain } from "../../errors/explain.js";
import { HttpRequestError } from "./http-errors.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The request's JSON body, read within `limit` bytes: undefined when there is no body or it is not
 * JSON-typed (Apollo then answers with its own 400 and CSRF rules); HttpRequestError for a body
 * that is too large, compressed, not UTF-8 or not valid JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers["content-type"];
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if ((declared === undefined || declared === "0") && !chunked) return undefined;
  if (type === undefined || !JSON_TYPE.test(type)) {
    req.resume();
    return undefined;
  }
  const encoding = req.headers["content-encoding"];
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") {
    req.resume();
    throw new HttpRequestError(415, Explain.bodyCompressed);
  }
  const charset = /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    req.resume();
    throw new HttpRequestError(415, Explain.bodyNotUtf8);
  }
  let bytes: Buffer;
  try {
    bytes = await getRawBody(req, { limit, length: declared });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 413) throw new HttpRequestError(413, Explain.bodyTooLarge);
    throw new HttpRequestError(400, Explain.badRequest);
  }
  let text: string;
  try {
    // Strict: a lenient decoder would turn invalid bytes into U+FFFD and run a query nobody sent.
    text = UTF8.decode(bytes);
  } catch {
    throw new HttpRequestError(415, Explain.bodyNotUtf8);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpRequestError(400, Explain.bodyNotJson);
  }
}
