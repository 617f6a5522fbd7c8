import { hash } from "node:crypto";

/**
 * A cached object's response: its JSON bytes, rendered once, and the ETag that names them. A
 * repeat request for the same cache entry writes these bytes as they are (no JSON.stringify, no
 * validation) or, when the client already holds them, answers 304 without a body.
 */
export type CachedBody = { bytes: Buffer<ArrayBuffer>; etag: string; scope: string };

/**
 * Keyed by the object the cache owns, weakly: an entry's bytes leave with its value when the
 * entry is invalidated, expires or is evicted, and an invalidation's reload is a new object with
 * bytes (and an ETag) of its own.
 */
const bodies = new WeakMap<object, CachedBody>();

/**
 * The ETag covers the bytes and the scope they were served in (the tenant, or the user for an
 * account route): two tenants whose answers happen to be byte-identical still get different tags,
 * so one tenant's tag never validates another tenant's response. Strong: the bytes are exact.
 */
function etagOf(bytes: Buffer<ArrayBuffer>, scope: string): string {
  return `"${hash("sha256", Buffer.concat([Buffer.from(`${scope}\0`), bytes]), "base64url").slice(0, 27)}"`;
}

export function cachedBodyOf(value: object, scope: string): CachedBody {
  let body = bodies.get(value);
  // Cache values are scoped by their key, so a second scope means a shared object: tag it anew.
  if (body === undefined || body.scope !== scope) {
    const bytes = Buffer.from(JSON.stringify(value));
    body = { bytes, etag: etagOf(bytes, scope), scope };
    bodies.set(value, body);
  }
  return body;
}

/**
 * RFC 9110 §13.1.2: If-None-Match matches with the weak comparison (a `W/` prefix on either
 * side is ignored), against a list of tags or `*` (any current representation).
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true;
  for (const part of ifNoneMatch.split(",")) {
    const tag = part.trim();
    if (tag === "*" || tag === etag || (tag.startsWith("W/") && tag.slice(2) === etag)) return true;
  }
  return false;
}
