import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GatewayContext } from "./operation-context.js";

/** Apollo's own offline notice in its page: shown when Sandbox's script (from Apollo's CDN) never loads. */
const APOLLO_FALLBACK = /<div class="fallback">[\s\S]*?<\/div>/;

/** Apollo's page with `fallback` in place of its offline notice (or before `</body>` should Apollo's page change). */
export function withFallback(page: string, fallback: string): string {
  return APOLLO_FALLBACK.test(page) ? page.replace(APOLLO_FALLBACK, () => fallback) : page.replace("</body>", () => `${fallback}\n</body>`);
}

/**
 * Apollo Sandbox (development), unchanged while Apollo's CDN can be reached; offline, the page shows
 * `fallback()` (the gateway's own front door: demo sessions, a ready curl, where the docs are)
 * instead of Apollo's "you might be offline". Apollo fades that notice in after a second and covers
 * it with Sandbox's frame once Sandbox loads, so online nothing changes.
 */
export function sandboxLandingPage(fallback: () => string): ApolloServerPlugin<GatewayContext> {
  const apollo = ApolloServerPluginLandingPageLocalDefault({ embed: { initialState: { pollForSchemaUpdates: false } }, footer: false });
  return {
    async serverWillStart(service) {
      const listener = await apollo.serverWillStart!(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render.call(listener);
          if (!page) return page;
          return { html: async () => withFallback(typeof page.html === "string" ? page.html : await page.html(), fallback()) };
        },
      };
    },
  };
}
