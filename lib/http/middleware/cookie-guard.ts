import type { MiddlewareHandler } from "hono";
import { SESSION_COOKIE_PREFIX } from "@/lib/auth/auth";
import type { ApiEnv } from "@/lib/http/context";

/**
 * better-auth's cookie cache (`agency.session_data`, or its chunks `.0`, `.1`…) holds base64url,
 * and better-auth 1.7 decodes it with a decoder that throws on any other character, which it
 * reports as a 500 from every session lookup. We drop such a cookie before better-auth sees it:
 * the session then comes from the token cookie and the database, as when the cache has lapsed.
 */
const SESSION_DATA_NAME = new RegExp(`^(__Secure-)?${SESSION_COOKIE_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.session_data`);
const BASE64URL = /^[A-Za-z0-9_-]*=*$/;

function decodesToBase64Url(rawValue: string): boolean {
  // As better-call reads a cookie value: trimmed, unquoted, then percent-decoded when it can be.
  let value = rawValue.trim();
  if (value.startsWith('"')) value = value.slice(1, -1);
  if (value.includes("%")) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return false;
    }
  }
  return BASE64URL.test(value);
}

/**
 * The Cookie header without session-data cookies better-auth could not decode, or null when
 * nothing had to go (the common case: one substring test when there is no such cookie).
 */
export function withoutUndecodableSessionData(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader?.includes(".session_data")) return null;
  const pairs = cookieHeader.split(";");
  const kept = pairs.filter((pair) => {
    const separator = pair.indexOf("=");
    return separator === -1 || !SESSION_DATA_NAME.test(pair.slice(0, separator).trim()) || decodesToBase64Url(pair.slice(separator + 1));
  });
  return kept.length === pairs.length ? null : kept.join(";").trim();
}

/** The API's side: every later reader (our session lookup, better-auth's handler) sees the vetted header. */
// Not async: a GET passes straight to next() without a promise of its own (every request runs this).
export const dropUndecodableSessionData: MiddlewareHandler<ApiEnv> = (c, next) => {
  const vetted = withoutUndecodableSessionData(c.req.header("cookie"));
  if (vetted !== null) {
    const headers = new Headers(c.req.raw.headers);
    if (vetted) headers.set("cookie", vetted);
    else headers.delete("cookie");
    c.req.raw = new Request(c.req.raw, { headers });
  }
  return next();
};
