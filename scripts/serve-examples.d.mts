/** Starts the examples server (examples/ and the graphql-ws browser client); resolves with its URL and a close function. */
export declare function startExamplesServer(options?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
