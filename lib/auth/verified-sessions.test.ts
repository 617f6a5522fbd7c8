import { describe, expect, test } from "vitest";
import { sessionDataExpiry, VerifiedSessions } from "./verified-sessions";

const NAMES = { token: "agency.session_token", data: "agency.session_data" };
const USER = { id: "u1", name: "Mia Chen", email: "member@agency.test" };
const T0 = 1_800_000_000_000;

function dataCookie(expiresAt: number, marker = "a"): string {
  return Buffer.from(JSON.stringify({ session: { marker }, expiresAt, signature: "sig" })).toString("base64url");
}

function cookieHeader(token: string, data: string | null): string {
  return [`${NAMES.token}=${token}`, ...(data ? [`${NAMES.data}=${data}`] : []), "agency_tenant=t1"].join("; ");
}

function setup() {
  let now = T0;
  const sessions = new VerifiedSessions(NAMES, 100, () => now);
  return { sessions, advance: (ms: number) => (now += ms) };
}

describe("VerifiedSessions", () => {
  test("a verified cookie pair is remembered until its session data expires, and not a moment longer", () => {
    const { sessions, advance } = setup();
    const header = cookieHeader("tok.sig", dataCookie(T0 + 60_000));
    sessions.remember(header, USER, T0 + 7 * 86_400_000);

    expect(sessions.lookup(header)).toEqual(USER);
    advance(60_000);
    expect(sessions.lookup(header)).toEqual(USER);
    advance(1);
    expect(sessions.lookup(header)).toBeNull();
  });

  test("only the identical token and data cookies match", () => {
    const { sessions } = setup();
    sessions.remember(cookieHeader("tok.sig", dataCookie(T0 + 60_000)), USER, T0 + 86_400_000);

    expect(sessions.lookup(cookieHeader("other.sig", dataCookie(T0 + 60_000)))).toBeNull();
    expect(sessions.lookup(cookieHeader("tok.sig", dataCookie(T0 + 60_000, "b")))).toBeNull();
    expect(sessions.lookup(cookieHeader("tok.sig", null))).toBeNull();
    expect(sessions.lookup(null)).toBeNull();
  });

  test("a session that ends before its cookie cache is forgotten when the session ends", () => {
    const { sessions, advance } = setup();
    const header = cookieHeader("tok.sig", dataCookie(T0 + 60_000));
    sessions.remember(header, USER, T0 + 10_000);

    advance(10_001);
    expect(sessions.lookup(header)).toBeNull();
  });

  test("nothing is remembered without session data, with unreadable data, or with data already expired", () => {
    const { sessions } = setup();
    for (const data of [null, "not-base64-json", dataCookie(T0 - 1)]) {
      const header = cookieHeader("tok.sig", data);
      sessions.remember(header, USER, T0 + 86_400_000);
      expect(sessions.lookup(header)).toBeNull();
    }
  });
});

describe("sessionDataExpiry", () => {
  test("reads expiresAt from better-auth's compact cookie cache format", () => {
    expect(sessionDataExpiry(dataCookie(T0))).toBe(T0);
    expect(sessionDataExpiry(Buffer.from(JSON.stringify({ expiresAt: "soon" })).toString("base64url"))).toBeNull();
  });
});
