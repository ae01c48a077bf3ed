/** A configuration problem: one variable, one fix. `main` prints `message` as a single line and exits 1. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    readonly variable: string,
    fix: string,
  ) {
    super(`${variable}: ${fix}`);
  }
}
