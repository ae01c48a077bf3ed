/** A configuration problem: one variable, one fix. `main` prints `message` as a single line and exits 1. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    readonly variable: string,
    fix: string,
  ) {
    // The fix may quote a value from the environment: keep it to one printable, bounded line.
    const oneLine = fix.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
    super(`${variable}: ${oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine}`);
  }
}
