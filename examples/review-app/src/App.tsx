import { useCallback, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { SessionListPage } from "./components/SessionListPage";
import { SessionPage } from "./components/SessionPage";
import { SettingsForm } from "./components/SettingsForm";
import { createGatewayClient } from "./graphql/gateway-client";
import { currentRoute, type Route } from "./routes";
import { loadSettings, type Settings } from "./settings/settings";

/** The review app: settings, then the list or one session, by the address bar. */
export function App() {
  const [settings, setSettings] = useState<Settings>(loadSettings);
  const [route, setRoute] = useState<Route>(currentRoute);
  const client = useMemo(() => createGatewayClient(settings), [settings]);
  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback((href: string) => {
    window.history.pushState(null, "", href);
    setRoute(currentRoute());
  }, []);
  return (
    <Provider value={client}>
      <header>
        <span className="brand">IDV session review</span>
        <SettingsForm settings={settings} onChange={setSettings} />
      </header>
      {route.page === "session" ? (
        <SessionPage key={`${route.id} ${settings.gatewayUrl}`} id={route.id} ids={route.ids} settings={settings} navigate={navigate} />
      ) : (
        <SessionListPage key={route.ids.join(",")} ids={route.ids} navigate={navigate} />
      )}
    </Provider>
  );
}
