import { describe, expect, test } from "vitest";
import { ConfigError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/agency",
  BETTER_AUTH_SECRET: "x".repeat(32),
};
const SECRETS_KEY = "ab".repeat(32);

describe("parseEnv", () => {
  test("applies the defaults", () => {
    const parsed = parseEnv(valid);
    expect(parsed.PORT).toBe(3000);
    expect(parsed.APP_URL).toBe("http://localhost:3000");
    expect(parsed.DATABASE_REPLICA_URLS).toEqual([]);
    expect(parsed.secureCookies).toBe(false);
  });

  test("splits replica URLs on commas", () => {
    const parsed = parseEnv({ ...valid, DATABASE_REPLICA_URLS: "postgres://a/x, postgres://b/x" });
    expect(parsed.DATABASE_REPLICA_URLS).toEqual(["postgres://a/x", "postgres://b/x"]);
  });

  test("uses secure cookies when the public URL is https", () => {
    expect(parseEnv({ ...valid, APP_URL: "https://agency.example" }).secureCookies).toBe(true);
  });

  test("lists every problem in one message", () => {
    const attempt = () => parseEnv({ DATABASE_URL: "mysql://x", PORT: "99999" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(attempt).toThrow(/PORT: Too big/);
    expect(attempt).toThrow(/BETTER_AUTH_SECRET/);
  });

  test("METRICS_TOKEN is required when NODE_ENV=production", () => {
    const production = { ...valid, NODE_ENV: "production", APP_URL: "https://agency.example", WORKFLOW_SECRETS_KEY: SECRETS_KEY };
    expect(() => parseEnv(production)).toThrow(/METRICS_TOKEN: required/);
    expect(parseEnv({ ...production, METRICS_TOKEN: "t".repeat(16) }).METRICS_TOKEN).toBe("t".repeat(16));
  });

  describe("an http APP_URL in production", () => {
    const production = { ...valid, NODE_ENV: "production", METRICS_TOKEN: "t".repeat(16), WORKFLOW_SECRETS_KEY: SECRETS_KEY };

    test("is refused, named in the message, given or by default", () => {
      expect(() => parseEnv({ ...production, APP_URL: "http://agency.example" })).toThrow(/APP_URL: must be https:\/\/ .*is http:\/\/agency\.example.*ALLOW_INSECURE_COOKIES=true/);
      expect(() => parseEnv(production)).toThrow(/APP_URL: .*is unset, so http:\/\/localhost:3000/);
    });

    test("is allowed with ALLOW_INSECURE_COOKIES=true, and its cookies are not Secure", () => {
      const parsed = parseEnv({ ...production, APP_URL: "http://127.0.0.1:3000", ALLOW_INSECURE_COOKIES: "true" });
      expect(parsed.secureCookies).toBe(false);
      expect(() => parseEnv({ ...production, APP_URL: "http://127.0.0.1:3000", ALLOW_INSECURE_COOKIES: "false" })).toThrow(/APP_URL/);
    });

    test("is allowed outside production", () => {
      for (const NODE_ENV of ["development", "test"]) expect(parseEnv({ ...valid, NODE_ENV, APP_URL: "http://agency.example" }).secureCookies).toBe(false);
    });

    test("lists beside a missing METRICS_TOKEN in one message", () => {
      expect(() => parseEnv({ ...valid, NODE_ENV: "production" })).toThrow(/METRICS_TOKEN: required[\s\S]*APP_URL: must be https/);
    });
  });

  test("an https APP_URL in production gives Secure cookies", () => {
    expect(parseEnv({ ...valid, NODE_ENV: "production", METRICS_TOKEN: "t".repeat(16), WORKFLOW_SECRETS_KEY: SECRETS_KEY, APP_URL: "https://agency.example" }).secureCookies).toBe(true);
  });

  test("WORKFLOW_SECRETS_KEY is required when NODE_ENV=production, and must be 32 bytes of hex", () => {
    const production = { ...valid, NODE_ENV: "production", METRICS_TOKEN: "t".repeat(16), APP_URL: "https://agency.example" };
    expect(() => parseEnv(production)).toThrow(/WORKFLOW_SECRETS_KEY: required/);
    expect(() => parseEnv({ ...production, WORKFLOW_SECRETS_KEY: "short" })).toThrow(/WORKFLOW_SECRETS_KEY: must be 64 hex/);
    expect(parseEnv({ ...valid, NODE_ENV: "development" }).WORKFLOW_SECRETS_KEY).toBeUndefined();
  });

  test("treats empty variables as unset", () => {
    expect(parseEnv({ ...valid, REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });
});
