import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { retryDelayMs, slackBody, type NotificationEvent } from "./rules";
import { signatureHeader, verifySignature } from "./signature";

const SECRET = "whsec_test";
const BODY = '{"kind":"alert.firing"}';

describe("webhook signatures", () => {
  test("the header is t=<unix>,v1=<hex HMAC-SHA256 of t.body>", () => {
    const expected = createHmac("sha256", SECRET).update(`1700000000.${BODY}`).digest("hex");
    expect(signatureHeader(SECRET, 1_700_000_000, BODY)).toBe(`t=1700000000,v1=${expected}`);
  });

  test.each([
    ["the same body and secret, 299 s later", SECRET, BODY, 1_700_000_299, true],
    ["exactly at the 300 s tolerance", SECRET, BODY, 1_700_000_300, true],
    ["301 s later (a replay)", SECRET, BODY, 1_700_000_301, false],
    ["another secret", "whsec_other", BODY, 1_700_000_000, false],
    ["a changed body", SECRET, '{"kind":"alert.resolved"}', 1_700_000_000, false],
  ])("verifies %s: %s", (_case, secret, body, now, valid) => {
    expect(verifySignature(secret, signatureHeader(SECRET, 1_700_000_000, BODY), body, now)).toBe(valid);
  });

  test("a malformed header does not verify", () => {
    expect(verifySignature(SECRET, "v1=abc", BODY, 1_700_000_000)).toBe(false);
    expect(verifySignature(SECRET, "t=1700000000,v1=zz", BODY, 1_700_000_000)).toBe(false);
  });
});

describe("retries", () => {
  test.each([
    [1, 5_000],
    [2, 10_000],
    [8, 640_000],
    [20, 3_600_000],
  ])("attempt %i waits %i ms", (attempt, ms) => {
    expect(retryDelayMs(attempt)).toBe(ms);
  });
});

test("a Slack body escapes mrkdwn control characters and links the app page", () => {
  const event: NotificationEvent = {
    key: "k",
    kind: "alert.firing",
    severity: "critical",
    title: "A <b> & c",
    body: "x > y",
    link: "/ops/thresholds",
    occurredAt: "2026-12-08T03:00:00.000Z",
    recipients: { userIds: [], roles: [] },
    details: {},
  };
  const body = slackBody(event, "https://agency.example", []);
  expect(body.text).toBe("[CRITICAL] A <b> & c");
  expect(body.blocks[0]!.text.text).toBe(":rotating_light: *A &lt;b&gt; &amp; c*\nx &gt; y\n<https://agency.example/ops/thresholds|Open in Agency Toolkit>");
});
