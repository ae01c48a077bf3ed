// The steady HTTP load: GraphQL queries over the bundled demo sessions (one, several, with document values
// and media links) and downloads of the media links they return, from a few concurrent loops.
import { setTimeout as sleep } from "node:timers/promises";
import type { Exchange } from "./http-client.js";
import { DOCUMENT_VALUES, gql, MEDIA_URLS, SEVERAL } from "./operations.js";
import type { Recorder } from "./record.js";
import type { Expectation, Traffic } from "./traffic.js";

/** What the loops need. */
export interface QueryLoadContext {
  readonly traffic: Traffic;
  readonly rec: Recorder;
  /** Demo session ids (never a played one: played sessions' upstream GETs are counted for invariant 3). */
  readonly sessionIds: readonly string[];
  readonly apiKey: string;
  readonly loops: number;
  readonly thinkMs: number;
}

const pickOne = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** 200 with a GraphQL JSON body holding `data` (errors inside are recorded as codes and judged later). */
const graphqlAnswer: Expectation = (x) => {
  if (x.error) return { ok: false, mismatch: x.error };
  if (x.status !== 200) return { ok: false, mismatch: `status ${x.status}` };
  try {
    const json = JSON.parse(x.body.toString("utf8")) as { data?: unknown };
    return json.data === undefined ? { ok: false, mismatch: "no data" } : { ok: true };
  } catch {
    return { ok: false, mismatch: "not JSON" };
  }
};

/** 200 (204 for an empty media) with every announced byte. */
const mediaAnswer: Expectation = (x) => {
  if (x.error) return { ok: false, mismatch: x.error };
  if (x.status !== 200 && x.status !== 204) return { ok: false, mismatch: `status ${x.status}` };
  return { ok: true };
};

/** The paths of the Media.url links in an answer, after noting their tokens. */
function mediaPaths(x: Exchange, rec: Recorder): string[] {
  const paths: string[] = [];
  for (const m of x.body.toString("utf8").matchAll(/"url":"([^"]+)"/g)) {
    const url = new URL(m[1]!);
    rec.mediaTokens.add(decodeURIComponent(url.pathname.split("/").pop() ?? ""));
    paths.push(url.pathname);
  }
  return paths;
}

/** Runs `loops` query loops until `stopped()`; resolves when they have all finished their last request. */
export async function runQueryLoad(ctx: QueryLoadContext, stopped: () => boolean): Promise<void> {
  const headers = { "content-type": "application/json", authorization: `Bearer ${ctx.apiKey}` };
  const post = (body: string) => ({ method: "POST" as const, path: "/graphql", headers, body });
  const loop = async () => {
    while (!stopped()) {
      const roll = Math.random();
      if (roll < 0.4) {
        await ctx.traffic.send("query", "documentValues", post(gql(DOCUMENT_VALUES, { id: pickOne(ctx.sessionIds) })), graphqlAnswer);
      } else if (roll < 0.7) {
        const ids = Array.from({ length: 2 + Math.floor(Math.random() * 3) }, () => pickOne(ctx.sessionIds));
        await ctx.traffic.send("query", "several", post(gql(SEVERAL, { ids })), graphqlAnswer);
      } else {
        const sent = await ctx.traffic.send("query", "mediaUrls", post(gql(MEDIA_URLS, { id: pickOne(ctx.sessionIds) })), graphqlAnswer);
        const paths = sent && !sent.x.error ? mediaPaths(sent.x, ctx.rec) : [];
        // Any ready replica may serve a link another one signed (shared GATEWAY_MEDIA_SECRET).
        for (const path of paths.sort(() => Math.random() - 0.5).slice(0, 2)) {
          if (stopped()) break;
          await ctx.traffic.send("media", "download", { method: "GET", path }, mediaAnswer);
        }
      }
      await sleep(ctx.thinkMs);
    }
  };
  await Promise.all(Array.from({ length: ctx.loops }, loop));
}
