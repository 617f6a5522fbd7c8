import { describe, expect, test } from "vitest";
import type { StepDefinition } from "./schemas";
import { isSecretHeaderName, keepStoredSecrets, redactSecretHeaders, REDACTED_HEADER_VALUE } from "./secret-headers";

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
});
