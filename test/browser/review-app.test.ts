import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrustedDocuments } from "../../src/config/trusted-documents-file.js";
import { parkedSession, startLiveStack } from "../support/live.js";
import { buildReviewApp, REVIEW_APP_DIR, REVIEW_APP_MANIFEST } from "../support/review-app.js";
import type { Stack } from "../support/stack.js";
import { startStaticServer, type StaticServer } from "../support/static-server.js";

/** Debian's Chromium, driven headless: never a downloaded browser. */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Committed from the last run: what the README's reader sees of the app. */
const SCREENSHOTS = join(REVIEW_APP_DIR, "screenshots");

const APPROVED = "9a7dbbfd-7190-486c-9066-91d372e4c6e2";
const REJECTED = "e8c2f2da-552a-4f48-a8fb-ac2e6765bb57";
const NOT_AVAILABLE = "40aca7a2-48ca-4b46-9012-bb393d4bfd0e";
const ONGOING = "ea7fc5ae-4230-4afa-a849-0b30270bd922";
const EXPIRED = "79f05461-56ea-423b-b6c0-0d11bca0aab2";

describe("examples/review-app in real Chromium, against a gateway that runs only its manifest", () => {
  let out: string;
  let app: StaticServer;
  let stack: Stack;
  let browser: BrowserContext;
  let profile: string;
  /** Page errors and console errors of the current test's page (none expected). */
  let problems: string[] = [];
  /** What the current page sent the gateway: HTTP bodies and WebSocket subscribe payloads. */
  let sent: { http: Record<string, unknown>[]; socket: Record<string, unknown>[] } = { http: [], socket: [] };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "idv-review-app-"));
    const timings = await buildReviewApp(out);
    console.info(`review app: npm ci ${timings.install} ms (0: already installed), codegen ${timings.codegen} ms, vite build ${timings.build} ms`);
    app = await startStaticServer(out);
    // The app's own manifest is the gateway's whole list: anything it sent by text would be refused.
    stack = await startLiveStack({ server: { trustedDocuments: loadTrustedDocuments(REVIEW_APP_MANIFEST) }, limits: { corsOrigins: [new URL(app.url).origin] } });
    profile = mkdtempSync(join(tmpdir(), "idv-graph-chromium-"));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
    // The settings form's storage, filled before the app reads it.
    await browser.addInitScript(`localStorage.setItem("idv-review-app.settings", ${JSON.stringify(JSON.stringify({ gatewayUrl: stack.gateway.url, apiKey: "" }))})`);
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.close();
    await app?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const open = async (search: string): Promise<Page> => {
    problems = [];
    sent = { http: [], socket: [] };
    const page = await browser.newPage();
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().startsWith(stack.gateway.url)) sent.http.push(request.postDataJSON() as Record<string, unknown>);
    });
    page.on("websocket", (socket) =>
      socket.on("framesent", ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: Record<string, unknown> };
        if (message.type === "subscribe") sent.socket.push(message.payload!);
      }),
    );
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    await page.goto(`${app.url}${search}`);
    return page;
  };

  it("lists several sessions with their state and verdict", async () => {
    const ids = [APPROVED, REJECTED, NOT_AVAILABLE, ONGOING, EXPIRED];
    const page = await open(`?ids=${ids.join(",")}`);
    await page.waitForSelector("table.sessions tbody tr[data-verdict]");
    const rows = await page.$$eval("table.sessions tbody tr", (trs) => trs.map((tr) => [tr.getAttribute("data-session"), tr.getAttribute("data-state"), tr.getAttribute("data-verdict")]));
    expect(rows).toEqual([
      [APPROVED, "COMPLETED", "APPROVED"],
      [REJECTED, "COMPLETED", "REJECTED"],
      [NOT_AVAILABLE, "COMPLETED", "NEEDS_REVIEW"],
      [ONGOING, "ONGOING", "IN_PROGRESS"],
      [EXPIRED, "EXPIRED", "NO_CHECKS"],
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, "list.png"), fullPage: true });
    // By id only: no document text ever leaves the app.
    expect(sent.http).toHaveLength(1);
    expect(sent.http[0]).toMatchObject({ operationName: "SessionList", extensions: { persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    expect(sent.http[0]).not.toHaveProperty("query");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("opens the rejected session from the list: verdict, reasons, checks, document values and images", async () => {
    const page = await open(`?ids=${APPROVED},${REJECTED}`);
    await page.click(`tr[data-session="${REJECTED}"] a`);
    await page.waitForSelector("#verdict-reasons li");
    expect(new URL(page.url()).searchParams.get("session")).toBe(REJECTED);
    expect(await page.textContent("#verdict")).toBe("Rejected");
    const reasons = await page.$$eval("#verdict-reasons li", (lis) => lis.map((li) => li.textContent));
    expect(reasons).toEqual([
      "ID_DOCUMENT_AUTHENTICITY: REJECT (COUNTERFEIT)",
      "ID_DOCUMENT_AUTHENTICITY: REJECT (NOT_GENUINE)",
      "ID_DOCUMENT_COMPARISON: REJECT (MISMATCH)",
      "ID_DOCUMENT_FACE_MATCH: REJECT (DIFFERENT_PERSON)",
    ]);
    const checks = await page.$$eval("li.check", (lis) => lis.map((li) => [li.getAttribute("data-type"), li.getAttribute("data-recommendation")]));
    expect(checks).toHaveLength(7);
    expect(await page.$$("table.breakdown tr")).not.toHaveLength(0);
    expect(await page.$$("dl.values [data-field]")).not.toHaveLength(0);
    expect(await page.textContent("[data-testid=checks-done]")).toMatch(/^\d+ of \d+$/);
    // Every image loaded through its Media.url, cross-origin from the gateway.
    await page.waitForFunction(`[...document.querySelectorAll(".gallery img")].every((img) => img.complete)`, undefined, { timeout: 15_000 });
    const images = await page.$$eval(".gallery img", (imgs) => imgs.map((img) => ({ alt: img.alt, width: img.naturalWidth })));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image.width, image.alt).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, "rejected.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("follows a played session live until COMPLETED and the stream ends", async () => {
    const id = parkedSession(stack, randomUUID());
    const page = await open(`?session=${id}`);
    await page.waitForFunction(`document.getElementById("live-status")?.textContent === "live"`, undefined, { timeout: 15_000 });
    expect(await page.textContent("#session-state")).toBe("ONGOING");
    stack.emulator.play({ sessionId: id, stepMs: 150 });
    await page.waitForFunction(`document.getElementById("live-status")?.textContent === "stream ended"`, undefined, { timeout: 30_000 });
    expect(await page.textContent("#session-state")).toBe("COMPLETED");
    expect(await page.textContent("#verdict")).toBe("Approved");
    const checks = await page.$$eval("li.check", (lis) => lis.map((li) => [li.getAttribute("data-type"), li.getAttribute("data-state")]));
    expect(checks).toEqual([
      ["ID_DOCUMENT_AUTHENTICITY", "DONE"],
      ["ID_DOCUMENT_TEXT_DATA_CHECK", "DONE"],
      ["LIVENESS", "DONE"],
      ["ID_DOCUMENT_FACE_MATCH", "DONE"],
    ]);
    const topics = await page.$$eval("ol.events li", (lis) => lis.map((li) => li.textContent ?? ""));
    for (const topic of ["snapshot", "resource_update", "task_completion", "check_completion", "session_completion"]) expect(topics.some((t) => t.endsWith(topic)), topic).toBe(true);
    // Progress is re-read after each event: by the end every requested check is done.
    await page.waitForFunction(`(() => { const t = document.querySelector("[data-testid=checks-done]")?.textContent ?? ""; const m = /^(\\d+) of (\\d+)$/.exec(t); return m && m[1] === m[2] && m[1] !== "0"; })()`, undefined, { timeout: 10_000 });
    await page.waitForFunction(`[...document.querySelectorAll(".gallery img")].length > 0 && [...document.querySelectorAll(".gallery img")].every((img) => img.complete && img.naturalWidth > 0)`, undefined, { timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, "live-finished.png"), fullPage: true });
    expect(sent.socket).toEqual([{ query: "", documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), operationName: "SessionLive", variables: { id } }]);
    for (const body of sent.http) expect(body).not.toHaveProperty("query");
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
