/**
 * One versioned schema change. Migrations are TypeScript string constants, not .sql files, so
 * `tsc` carries them into dist with everything else (the build copies no other files).
 */
export interface Migration {
  /** Applied in increasing order; never reused or edited once released. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
