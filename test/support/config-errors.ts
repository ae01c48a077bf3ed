import { ConfigError } from "../../src/config/config-error.js";
import { loadConfig } from "../../src/config/config.js";

/** The ConfigError `loadConfig(env)` throws; fails the test when it throws nothing or something else. */
export function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
