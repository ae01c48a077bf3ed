import type { CombinedError } from "@urql/core";

/** A request's failure: each GraphQL error's code and message (never the variables: they may be personal data). */
export function ErrorNote({ error }: { error: CombinedError }) {
  const lines = error.graphQLErrors.length > 0 ? error.graphQLErrors.map((e) => `${String(e.extensions?.code ?? "ERROR")}: ${e.message}`) : [error.networkError ? `Network: ${error.networkError.message}` : error.message];
  return (
    <div className="error" role="alert">
      {lines.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}
