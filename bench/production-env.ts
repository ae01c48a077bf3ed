// Imported first by bench scripts that load graphql in-process: graphql-js reads NODE_ENV when it is
// loaded, and outside production it checks every instanceof across realms, which production never pays.
process.env.NODE_ENV ??= "production";
