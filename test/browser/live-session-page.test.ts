import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExamplesServer } from "../../scripts/serve-examples.mjs";
import type { Stack } from "../support/stack.js";
import { parkedSession, startLiveStack } from "../support/live.js";

/** Debian's Chromium, driven headless: never a downloaded browser. */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe("examples/live-session.html in real Chromium", () => {
  let examples: Awaited<ReturnType<typeof startExamplesServer>>;
  let stack: Stack;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    examples = await startExamplesServer({ port: 0 });
    // The page is on another origin than the gateway, as in the README's recipe.
    stack = await startLiveStack({ limits: { corsOrigins: [new URL(examples.url).origin] } });
    profile = mkdtempSync(join(tmpdir(), "idv-graph-chromium-"));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.close();
    await examples?.close();
  });

  it("follows a played session to COMPLETED: state, every check, and the document images loaded", async () => {
    const id = parkedSession(stack, randomUUID());
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    await page.goto(`${examples.url}live-session.html?session=${id}&gateway=${encodeURIComponent(stack.gateway.url)}`);
    // The first event is the current state: nothing has happened yet.
    await page.waitForFunction(`document.getElementById("status").textContent === "live" && document.getElementById("state").textContent === "ONGOING"`, undefined, { timeout: 30_000 });

    stack.emulator.play({ sessionId: id, stepMs: 150 });
    await page.waitForFunction(`document.getElementById("status").textContent === "ended"`, undefined, { timeout: 45_000 });
    expect(await page.textContent("#state")).toBe("COMPLETED");
    const checks = await page.evaluate(`[...document.querySelectorAll("#checks li")].map((li) => [li.dataset.type, li.dataset.state])`);
    expect(checks).toEqual([
      ["ID_DOCUMENT_AUTHENTICITY", "DONE"],
      ["ID_DOCUMENT_TEXT_DATA_CHECK", "DONE"],
      ["LIVENESS", "DONE"],
      ["ID_DOCUMENT_FACE_MATCH", "DONE"],
    ]);
    // Data page, document id photo and selfie: each loaded through its Media.url.
    await page.waitForFunction(`[...document.querySelectorAll("#images img")].every((img) => img.complete)`, undefined, { timeout: 30_000 });
    const images = (await page.evaluate(`[...document.querySelectorAll("#images img")].map((img) => ({ alt: img.alt, width: img.naturalWidth, src: img.src }))`)) as {
      alt: string;
      width: number;
      src: string;
    }[];
    expect(images.map((i) => i.alt).sort()).toEqual(["PASSPORT ID photo", "PASSPORT page", "selfie"]);
    for (const image of images) {
      expect(image.width, image.alt).toBeGreaterThan(0);
      expect(image.src.startsWith(new URL("media/", stack.gateway.url).toString())).toBe(true);
    }
    const log = await page.textContent("#log");
    for (const topic of ["snapshot", "resource_update", "task_completion", "check_completion", "session_completion"]) expect(log).toContain(topic);
    // Watch again, on a session being played (the documented order: replay, then Watch): the second
    // Watch starts afresh, with that stream's snapshot as its only snapshot, and follows it to the end.
    // (Another session: replaying this one within 10 s would be taken for Yoti's retries and dropped.)
    const second = parkedSession(stack, randomUUID());
    await page.fill("#session", second);
    stack.emulator.play({ sessionId: second, stepMs: 400 });
    await page.click("button");
    await page.waitForFunction(`document.getElementById("log").children.length >= 1`, undefined, { timeout: 30_000 });
    const fresh = await page.evaluate(`[...document.querySelectorAll("#log div")].map((d) => d.textContent)`) as string[];
    expect(fresh[fresh.length - 1]).toContain("snapshot");
    expect(fresh.filter((line) => line.includes("snapshot"))).toHaveLength(1);
    await page.waitForFunction(`document.getElementById("status").textContent === "ended"`, undefined, { timeout: 45_000 });
    expect(await page.textContent("#state")).toBe("COMPLETED");
    expect(await page.textContent("#log")).toContain("session_completion");
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
