import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_DEMO_NAME, LIVE_DEMO_SESSION_ID } from "../../src/emulator/index.js";
import { demoSessions } from "../support/demo-data.js";
import { LISTENING, SPAWN_TIMEOUT, spawnGateway, type GatewayProcess } from "../support/gateway-process.js";
import { startStack, type Stack } from "../support/stack.js";

/** What curl sends by default: no text/html, so no landing page and (before) Apollo's CSRF refusal. */
const CURL = { accept: "*/*", "user-agent": "curl/8.5.0" };
/** What a browser sends when it opens the URL. */
const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

async function get(url: string, headers: Record<string, string>, method = "GET") {
  const res = await fetch(url, { method, headers });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

describe("GET / in development with the embedded emulator (npm start)", () => {
  let gw: GatewayProcess;
  let url: string;
  beforeAll(async () => {
    gw = spawnGateway({});
    [, url] = (await gw.waitFor(LISTENING)) as unknown as [string, string];
  }, SPAWN_TIMEOUT);
  afterAll(() => gw?.proc.kill("SIGTERM"));

  it("curl gets a short text: what this is, every demo session with its scenario, a ready curl and a subscription command, the docs and the review app", async () => {
    for (const path of ["", "graphql"]) {
      const answer = await get(url + path, CURL);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe("text/plain; charset=utf-8");
      expect(answer.text).toMatch(/^idv-graph: a GraphQL gateway/);
      for (const { name, body } of demoSessions()) expect(answer.text).toContain(`  ${body.session_id}  ${name}\n`);
      expect(answer.text).toContain(`  ${LIVE_DEMO_SESSION_ID}  ${LIVE_DEMO_NAME}\n`);
      expect(answer.text).toContain(`npm run subscribe -- ${LIVE_DEMO_SESSION_ID}`);
      expect(answer.text).toContain("examples/review-app/");
      expect(answer.text).toContain("docs/");
      expect(answer.text.split("\n").length).toBeLessThan(30);
    }
    expect((await get(url, CURL, "HEAD")).status).toBe(200);
  });

  it("the curl it shows runs as printed and answers from the demo data", async () => {
    const text = (await get(url, CURL)).text;
    const line = /^ {2}(curl .*)$/m.exec(text)![1]!;
    const [, target, body] = /^curl -s (\S+) -H 'content-type: application\/json' -d '(.*)'$/.exec(line)!;
    expect(target).toBe(url);
    const answer = execFileSync("curl", ["-s", target!, "-H", "content-type: application/json", "-d", body!], { encoding: "utf8" });
    expect(JSON.parse(answer)).toMatchObject({ data: { session: { state: "COMPLETED", checks: expect.arrayContaining([expect.objectContaining({ state: "DONE" })]) } } });
  });

  it("a browser gets Apollo Sandbox's page, whose offline fallback is the same front door (demo sessions, curl, docs)", async () => {
    const page = await get(url, BROWSER);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    // Sandbox when Apollo's CDN can be reached ...
    expect(page.text).toContain("embeddable-sandbox.cdn.apollographql.com");
    // ... and, in place of Apollo's "you might be offline", the gateway's own answer.
    expect(page.text).not.toContain("Welcome to Apollo Server");
    expect(page.text).toContain('<div class="fallback">');
    for (const { name, body } of demoSessions()) expect(page.text).toContain(`<code>${body.session_id}</code></td><td>${name}</td>`);
    expect(page.text).toContain(`npm run subscribe -- ${LIVE_DEMO_SESSION_ID}`);
    expect(page.text).toContain("examples/review-app/");
  });

  it("a GET that carries a query is still GraphQL (and Apollo's CSRF rule still holds for it)", async () => {
    const query = `?query=${encodeURIComponent("{ __typename }")}`;
    expect((await get(url + query, CURL)).status).toBe(400);
    const preflighted = await get(url + query, { ...CURL, "apollo-require-preflight": "true" });
    expect(JSON.parse(preflighted.text)).toEqual({ data: { __typename: "Query" } });
  });
});

describe("GET / without demo sessions", () => {
  let production: Stack;
  let development: Stack;
  beforeAll(async () => {
    // Production's settings as far as the front door goes: no Sandbox, and never an emulator's demos.
    [production, development] = await Promise.all([startStack({ server: { introspection: false } }), startStack()]);
  }, 30_000);
  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  it("production: curl and a browser alike get a short text pointing at POST GraphQL: no Sandbox, no demo list, no CSRF error", async () => {
    for (const headers of [CURL, BROWSER]) {
      const answer = await get(production.gateway.url, headers);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe("text/plain; charset=utf-8");
      expect(answer.text).toContain("Send GraphQL as a POST with content-type: application/json");
      expect(answer.text).not.toMatch(/sandbox|<html|demo|curl/i);
      expect(answer.text.trim().split("\n")).toHaveLength(2);
    }
  });

  it("development with real credentials: curl gets the short text, a browser Sandbox's page with a fallback that lists no demos", async () => {
    const text = await get(development.gateway.url, CURL);
    expect(text.status).toBe(200);
    expect(text.text).not.toMatch(/demo/i);
    const page = await get(development.gateway.url, BROWSER);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain("embeddable-sandbox.cdn.apollographql.com");
    expect(page.text).toContain("Send GraphQL as a POST");
    expect(page.text).not.toContain("<h2>Demo sessions</h2>");
  });
});
