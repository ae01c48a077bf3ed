import { useState, type FormEvent } from "react";
import { clearSettings, defaultSettings, saveSettings, type Settings } from "../settings/settings";

/** Gateway URL and API key, kept in this browser's localStorage. */
export function SettingsForm({ settings, onChange }: { settings: Settings; onChange: (s: Settings) => void }) {
  const [gatewayUrl, setGatewayUrl] = useState(settings.gatewayUrl);
  const [apiKey, setApiKey] = useState(settings.apiKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { gatewayUrl: gatewayUrl.trim(), apiKey: apiKey.trim() };
    saveSettings(next);
    onChange(next);
  };
  const reset = () => {
    clearSettings();
    const defaults = defaultSettings();
    setGatewayUrl(defaults.gatewayUrl);
    setApiKey(defaults.apiKey);
    onChange(defaults);
  };
  return (
    <details className="settings">
      <summary>Gateway: {settings.gatewayUrl}{settings.apiKey ? " (with API key)" : ""}</summary>
      <form onSubmit={submit}>
        <label>
          Gateway URL <input value={gatewayUrl} onChange={(e) => setGatewayUrl(e.target.value)} required />
        </label>
        <label>
          API key <input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" placeholder="none" />
        </label>
        <button type="submit">Save</button>
        <button type="button" onClick={reset}>
          Reset
        </button>
      </form>
    </details>
  );
}
