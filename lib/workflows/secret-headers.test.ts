import { describe, expect, test } from "vitest";
import type { StepDefinition } from "./schemas";
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "./secret-crypto";
import { isSecretHeaderName, keepStoredSecrets, openSecretHeaders, redactSecretHeaders, REDACTED_HEADER_VALUE, sealSecretHeaders } from "./secret-headers";

const httpStep = (headers: Record<string, string>): StepDefinition => ({
  id: "call",
  type: "http",
  config: { url: "https://api.example.com/hook", method: "POST", headers, timeoutMs: 1000 },
});

describe("secret-looking workflow headers", () => {
  test.each([
    ["Authorization", true],
    ["X-Api-Key", true],
    ["X-Auth-Token", true],
    ["Cookie", true],
    ["X-Client-Secret", true],
    ["X-Stripe-Key", true],
    ["X-Keyboard-Layout", false],
    ["Accept", false],
    ["X-Request-Source", false],
  ])("%s is secret: %s", (name, expected) => expect(isSecretHeaderName(name)).toBe(expected));

  test("workflow http step headers that look like secrets are shown redacted", () => {
    const [step] = redactSecretHeaders([httpStep({ Authorization: "Bearer s3cr3t", Accept: "application/json" })]);
    expect(step).toMatchObject({ config: { headers: { Authorization: REDACTED_HEADER_VALUE, Accept: "application/json" } } });
    expect(JSON.stringify(step)).not.toContain("s3cr3t");
  });

  test("saving a definition back with the placeholder keeps the stored secret", () => {
    const stored = [httpStep({ Authorization: "Bearer s3cr3t" })];
    const [kept] = keepStoredSecrets(redactSecretHeaders(stored), stored);
    expect(kept).toMatchObject({ config: { headers: { Authorization: "Bearer s3cr3t" } } });
  });

  test("a new secret replaces the stored one", () => {
    const [replaced] = keepStoredSecrets([httpStep({ Authorization: "Bearer new" })], [httpStep({ Authorization: "Bearer old" })]);
    expect(replaced).toMatchObject({ config: { headers: { Authorization: "Bearer new" } } });
  });

  test("secret headers, by name or marked, are stored encrypted and opened when sent; others stay plain", () => {
    const key = randomBytes(32);
    const step: StepDefinition = { id: "call", type: "http", config: { url: "https://api.example.com/hook", method: "POST", headers: { Authorization: "Bearer s3cr3t", "X-Tenant": "acme", "X-Plain": "p" }, secretHeaders: ["x-tenant"], timeoutMs: 1000 } };
    const [sealed] = sealSecretHeaders([step], key) as [Extract<StepDefinition, { type: "http" }>];
    expect(JSON.stringify(sealed)).not.toContain("s3cr3t");
    expect(JSON.stringify(sealed)).not.toContain("acme");
    expect(sealed.config.headers!["X-Plain"]).toBe("p");
    expect(openSecretHeaders(sealed.config.headers!, () => key)).toEqual({ Authorization: "Bearer s3cr3t", "X-Tenant": "acme", "X-Plain": "p" });
    expect(redactSecretHeaders([sealed])[0]).toMatchObject({ config: { headers: { Authorization: REDACTED_HEADER_VALUE, "X-Tenant": REDACTED_HEADER_VALUE, "X-Plain": "p" } } });
    // Sealing again (a save that kept the stored value) leaves it as it is.
    expect(sealSecretHeaders([sealed], key)).toEqual([sealed]);
  });

  test("a plaintext value stored before encryption is still sent as it is", () => {
    expect(openSecretHeaders({ Authorization: "Bearer old" }, () => randomBytes(32))).toEqual({ Authorization: "Bearer old" });
  });

  test("a value sealed with another key, or altered, does not open", () => {
    const sealed = encryptSecret("s3cr3t", randomBytes(32));
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow();
    const key = randomBytes(32);
    const altered = encryptSecret("s3cr3t", key).slice(0, -2) + "AA";
    expect(() => decryptSecret(altered, key)).toThrow();
  });
});
