import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { configError } from "../support/config-errors.js";

// The webhook token is the only thing between the internet and POST /webhooks/yoti: its rules are
// exact, and every refusal names the rule and never the value.
const token16 = "abcdefghijklmnop";

describe("webhook authentication settings", () => {
  it("accepts the type in any case and a token of exactly 16 printable characters", () => {
    expect(loadConfig({ YOTI_WEBHOOK_AUTH_TYPE: "Bearer", YOTI_WEBHOOK_AUTH_TOKEN: token16 }).live.webhook).toEqual({ authType: "BEARER", token: token16 });
    expect(loadConfig({ YOTI_WEBHOOK_AUTH_TYPE: "basic", YOTI_WEBHOOK_AUTH_TOKEN: "!~".repeat(8) }).live.webhook).toEqual({ authType: "BASIC", token: "!~".repeat(8) });
  });

  it("is off when neither variable is set, or both are blank", () => {
    expect(loadConfig({}).live.webhook).toBeUndefined();
    expect(loadConfig({ YOTI_WEBHOOK_AUTH_TYPE: " ", YOTI_WEBHOOK_AUTH_TOKEN: "" }).live.webhook).toBeUndefined();
  });

  it.each([
    ["15 characters", token16.slice(1)],
    ["a space inside", "abcdefgh ijklmnop"],
    ["a control character last", `${token16}\u0001`],
    ["a non-ASCII character first", `é${token16}`],
    ["a non-ASCII character last", `${token16}é`],
  ])("refuses a token with %s, without quoting it", (_what, token) => {
    const error = configError({ YOTI_WEBHOOK_AUTH_TYPE: "BEARER", YOTI_WEBHOOK_AUTH_TOKEN: token });
    expect(error.variable).toBe("YOTI_WEBHOOK_AUTH_TOKEN");
    expect(error.message).toBe(
      "YOTI_WEBHOOK_AUTH_TOKEN: must be at least 16 printable ASCII characters without spaces; generate one with `openssl rand -hex 24`",
    );
  });

  it.each([
    [{ YOTI_WEBHOOK_AUTH_TOKEN: token16 }, "YOTI_WEBHOOK_AUTH_TYPE: is required when YOTI_WEBHOOK_AUTH_TOKEN is set: BASIC or BEARER, as given to Yoti in notifications.auth_type"],
    [{ YOTI_WEBHOOK_AUTH_TYPE: "DIGEST", YOTI_WEBHOOK_AUTH_TOKEN: token16 }, "YOTI_WEBHOOK_AUTH_TYPE: must be BASIC or BEARER, as given to Yoti in notifications.auth_type"],
    [{ YOTI_WEBHOOK_AUTH_TYPE: "BASIC" }, "YOTI_WEBHOOK_AUTH_TOKEN: is required when YOTI_WEBHOOK_AUTH_TYPE is set: the notifications.auth_token given to Yoti"],
  ])("a half or wrong setting names its fix: %j", (env, message) => {
    expect(configError(env).message).toBe(message);
  });
});

describe("REDIS_URL", () => {
  it.each(["redis://127.0.0.1:6379/0", "rediss://:pw@redis.internal:6380"])("takes %s as given", (url) => {
    expect(loadConfig({ REDIS_URL: url }).live.redisUrl).toBe(url);
  });

  it("is off when blank", () => {
    expect(loadConfig({ REDIS_URL: "  " }).live.redisUrl).toBeUndefined();
  });

  it.each([
    ["not a URL", "s3cret"],
    ["another scheme", "http://:s3cret@redis:6379"],
    ["no host", "redis://"],
    ["no host, a path", "redis:///0"],
  ])("refuses %s, naming the rule and never the value", (_what, url) => {
    const error = configError({ REDIS_URL: url });
    expect(error.message).toBe("REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://redis.internal:6379/0");
    expect(error.message).not.toContain("s3cret");
  });
});
