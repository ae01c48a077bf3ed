// Typed documents and the persisted documents manifest: `npm run codegen`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  overwrite: true,
  // The gateway's committed schema: the app is checked against what the gateway serves.
  schema: "../../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  emitLegacyCommonJSImports: false,
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", JSON: "unknown" },
      },
      presetConfig: {
        fragmentMasking: false,
        // Writes src/gql/persisted-documents.json ({ "sha256:<hex>": "<document>" }), the manifest
        // GATEWAY_TRUSTED_DOCUMENTS_FILE loads, and puts each id on its typed document (__meta__.hash).
        persistedDocuments: true,
      },
    },
  },
};

export default config;
