import { describe, expect, test } from "vitest";
import { VerifiedSessions, type VerifiedSession } from "./verified-sessions";

const TOKEN_COOKIE = "agency.session_token";
const T0 = 1_800_000_000_000;
const SESSION: VerifiedSession = {
  user: { id: "u1", name: "Mia Chen", email: "member@agency.test" },
  sessionId: "s1",
  createdAtMs: T0 - 1_000,
  lastActiveAtMs: T0,
  epoch: "e1",
};

function forgedData(expiresAt: number): string {
  return Buffer.from(JSON.stringify({ session: {}, expiresAt, signature: "forged" })).toString("base64url");
}

function cookieHeader(token: string, data: string | null = null): string {
  return [`${TOKEN_COOKIE}=${token}`, ...(data ? [`agency.session_data=${data}`] : []), "agency_tenant=t1"].join("; ");
}

function setup() {
  let now = T0;
  const sessions = new VerifiedSessions(TOKEN_COOKIE, 100, () => now);
  return { sessions, advance: (ms: number) => (now += ms) };
}

describe("VerifiedSessions", () => {
  test("a verified session is remembered for 60 s at most, and not a moment longer", () => {
    const { sessions, advance } = setup();
    const key = sessions.keyOf(cookieHeader("tok.sig"))!;
    sessions.remember(key, SESSION, T0 + 7 * 86_400_000);

    expect(sessions.lookup(key)).toEqual(SESSION);
    advance(60_000);
    expect(sessions.lookup(key)).toEqual(SESSION);
    advance(1);
    expect(sessions.lookup(key)).toBeNull();
  });

  test("the key is a hash of the token cookie alone: a session data cookie, forged or not, changes nothing", () => {
    const { sessions, advance } = setup();
    const key = sessions.keyOf(cookieHeader("tok.sig", forgedData(T0 + 365 * 86_400_000)))!;

    expect(key).toBe(sessions.keyOf(cookieHeader("tok.sig")));
    expect(key).not.toContain("tok");
    sessions.remember(key, SESSION, T0 + 7 * 86_400_000);
    advance(60_001);
    expect(sessions.lookup(key)).toBeNull();
  });

  test("another token, or none, matches nothing", () => {
    const { sessions } = setup();
    sessions.remember(sessions.keyOf(cookieHeader("tok.sig"))!, SESSION, T0 + 86_400_000);

    expect(sessions.lookup(sessions.keyOf(cookieHeader("other.sig"))!)).toBeNull();
    expect(sessions.keyOf("agency_tenant=t1")).toBeNull();
    expect(sessions.keyOf(null)).toBeNull();
  });

  test("a session that expires within the minute is forgotten when it expires", () => {
    const { sessions, advance } = setup();
    const key = sessions.keyOf(cookieHeader("tok.sig"))!;
    sessions.remember(key, SESSION, T0 + 10_000);

    advance(10_000);
    expect(sessions.lookup(key)).toEqual(SESSION);
    advance(1);
    expect(sessions.lookup(key)).toBeNull();
  });

  test("an already expired session is not remembered; a forgotten one is gone", () => {
    const { sessions } = setup();
    const key = sessions.keyOf(cookieHeader("tok.sig"))!;
    sessions.remember(key, SESSION, T0 - 1);
    expect(sessions.lookup(key)).toBeNull();

    sessions.remember(key, SESSION, T0 + 86_400_000);
    sessions.forget(key);
    expect(sessions.lookup(key)).toBeNull();
  });

  test("activity moves the idle clock but not the trust window", () => {
    const { sessions, advance } = setup();
    const key = sessions.keyOf(cookieHeader("tok.sig"))!;
    sessions.remember(key, SESSION, T0 + 86_400_000);

    advance(30_000);
    sessions.markActive(key, T0 + 30_000);
    expect(sessions.lookup(key)?.lastActiveAtMs).toBe(T0 + 30_000);
    advance(30_001);
    expect(sessions.lookup(key)).toBeNull();
  });
});
