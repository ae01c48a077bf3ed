/** Where the app finds the gateway and how it authenticates. */
export interface Settings {
  /** The gateway's GraphQL URL (HTTP); subscriptions use the same URL over ws(s). */
  readonly gatewayUrl: string;
  /** An API key (or JWT) sent as `Authorization: Bearer <key>`; empty when the gateway is open. */
  readonly apiKey: string;
}

const STORAGE_KEY = "idv-review-app.settings";

/** The build's defaults: VITE_GATEWAY_URL and VITE_API_KEY, else a local gateway without auth. */
export function defaultSettings(): Settings {
  return {
    gatewayUrl: import.meta.env.VITE_GATEWAY_URL || "http://localhost:4000/",
    apiKey: import.meta.env.VITE_API_KEY || "",
  };
}

/** The settings the reviewer saved in this browser, over the build's defaults. */
export function loadSettings(): Settings {
  const defaults = defaultSettings();
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as Partial<Settings> | null;
    return {
      gatewayUrl: typeof saved?.gatewayUrl === "string" && saved.gatewayUrl !== "" ? saved.gatewayUrl : defaults.gatewayUrl,
      apiKey: typeof saved?.apiKey === "string" ? saved.apiKey : defaults.apiKey,
    };
  } catch {
    return defaults;
  }
}

/** Keeps the settings in localStorage (the key too: this is a reviewer's own machine, clear it on shared ones). */
export function saveSettings(settings: Settings): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/** Forgets the saved settings: back to the build's defaults. */
export function clearSettings(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** The headers every HTTP request carries. */
export function authHeaders(settings: Settings): Record<string, string> {
  return settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {};
}
