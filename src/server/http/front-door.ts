/** A demo session the embedded emulator serves, as main.ts hands it over (the gateway imports nothing of the emulator). */
export interface DemoSession {
  readonly id: string;
  /** Its scenario: the demo file's name (`approved`, `rejected`, `ongoing`, ...) or `live-demo`. */
  readonly name: string;
}

/** What `GET /` without a query shows: the gateway's own front door, which needs nothing from a CDN. */
export interface FrontDoorOptions {
  /** Apollo Sandbox is served to browsers (development, or GATEWAY_INTROSPECTION=true). */
  readonly sandbox: boolean;
  /** The embedded emulator's demo sessions; absent with real Yoti credentials (always in production). */
  readonly demoSessions?: readonly DemoSession[];
  /** The gateway's base URL for the commands shown (GATEWAY_PUBLIC_URL, or the address it listens on). */
  readonly url: () => string;
}

/** What the front door says, as lines of plain text and as an HTML fragment. */
export interface FrontDoor {
  text(): string;
  html(): string;
}

const LIVE_DEMO_NAME = "live-demo";
const DOCS = "README.md and docs/ in the repository (configuration, security, live sessions, ...)";
const REVIEW_APP = "examples/review-app/ in the repository (see its README.md): a review app to start from";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A ready POST of one session's outcome, for a shell. */
function curlFor(url: string, id: string): string {
  const body = JSON.stringify({ query: `{ session(id: "${id}") { id state checks { type state report { recommendation { value } } } } }` });
  return `curl -s ${url} -H 'content-type: application/json' -d '${body}'`;
}

/**
 * The front door's words. With demo sessions (development with the embedded emulator): what this is,
 * the demos and their scenarios, a ready curl and a subscription command, and where the docs and the
 * review app are. Without them (real Yoti, production): one line on how GraphQL is reached here.
 */
export function frontDoor(options: FrontDoorOptions): FrontDoor {
  const demos = options.demoSessions ?? [];
  const sample = demos.find((d) => d.name === "approved") ?? demos.find((d) => d.name !== LIVE_DEMO_NAME);
  const live = demos.find((d) => d.name === LIVE_DEMO_NAME) ?? sample;
  const intro = "idv-graph: a GraphQL gateway over Yoti's IDV session retrieval API.";
  const how = (url: string) => `Send GraphQL as a POST with content-type: application/json to ${url} (or ${url}graphql); subscriptions over graphql-ws at the same URL.`;
  return {
    text() {
      const url = options.url();
      if (!sample) return `${intro}\n${how(url)}\n`;
      const lines = [intro, how(url)];
      if (options.sandbox) lines.push("Open this URL in a browser for Apollo Sandbox.");
      lines.push("", "Demo sessions (embedded Yoti emulator), id and scenario:");
      for (const d of demos) lines.push(`  ${d.id}  ${d.name}`);
      lines.push("", "Try:", `  ${curlFor(url, sample.id)}`, `  npm run subscribe -- ${live!.id}`, "", `Docs: ${DOCS}`, `Frontend developers: ${REVIEW_APP}`, "");
      return lines.join("\n");
    },
    html() {
      const url = options.url();
      const parts = [`<h1>idv-graph</h1>`, `<p>${escapeHtml(intro)}</p>`, `<p>${escapeHtml(how(url))}</p>`];
      if (sample) {
        parts.push(`<p>Apollo Sandbox cannot be loaded (it comes from Apollo's CDN): you may be offline. Everything below works without it.</p>`);
        parts.push(`<h2>Demo sessions</h2><table>${demos.map((d) => `<tr><td><code>${escapeHtml(d.id)}</code></td><td>${escapeHtml(d.name)}</td></tr>`).join("")}</table>`);
        parts.push(`<h2>Try</h2><pre>${escapeHtml(curlFor(url, sample.id))}\nnpm run subscribe -- ${escapeHtml(live!.id)}</pre>`);
        parts.push(`<p>Docs: ${escapeHtml(DOCS)}.<br>Frontend developers: ${escapeHtml(REVIEW_APP)}.</p>`);
      } else {
        parts.push(`<p>Apollo Sandbox cannot be loaded (it comes from Apollo's CDN): you may be offline. Docs: ${escapeHtml(DOCS)}.</p>`);
      }
      return `<div class="fallback">\n${parts.join("\n")}\n</div>`;
    },
  };
}

/** True for a browser's page load: its Accept names text/html (curl sends `*\/*`, clients JSON). */
export function acceptsHtml(accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}
