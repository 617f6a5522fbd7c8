import { AsyncLocalStorage } from "node:async_hooks";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware } from "better-auth/api";
import { db } from "@/lib/db/client";
import { isConnectionError, toAppErrorFromDatabase } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { forgetUserSessions } from "./session-revocation";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { authRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { createAuthPrismaClient } from "./auth-database";

export const SESSION_COOKIE_PREFIX = "agency";

/** The origin a request was addressed to, as the browser saw it (for same-origin checks). */
export function requestOrigin(request: Request): string | undefined {
  const host = request.headers.get("host");
  if (!host) return undefined;
  const protocol = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  return `${protocol}://${host}`;
}

/** The error behind better-auth's own error response, per request (see answerWithDatabaseErrors). */
const authRequestErrors = new AsyncLocalStorage<{ error?: unknown }>();

function recordAuthError(error: unknown): void {
  const request = authRequestErrors.getStore();
  if (request) request.error = error;
  if (isConnectionError(error)) return; // answered as a 503 and counted as such, not an unknown failure
  const status = (error as { status?: unknown } | null)?.status;
  if (status === undefined || status === "INTERNAL_SERVER_ERROR") logger.error("auth: request failed", { err: error });
}

function createAuth() {
  const config = env();
  const instance = betterAuth({
    baseURL: config.APP_URL,
    basePath: "/api/auth",
    secret: config.BETTER_AUTH_SECRET,
    // Reads fall back to a replica while the primary cannot answer: a valid session stays valid.
    database: prismaAdapter(createAuthPrismaClient(db()), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 12, disableSignUp: true },
    // better-auth trusts its signed session data cookie for a minute; getViewer still reads the
    // session row whenever it verifies a session, and a revocation reaches every instance at once.
    // The absolute and idle limits (shorter for platform roles) are enforced in getViewer.
    session: { expiresIn: Math.ceil(config.SESSION_TENANT_MAX_DAYS * 60 * 60 * 24), updateAge: 60 * 60 * 24, cookieCache: { enabled: true, maxAge: 60 } },
    // A session or user that ends (sign-out, revocation, removal) or changes is re-verified by
    // every instance on its next request, instead of being trusted from memory for up to a minute.
    databaseHooks: {
      session: { delete: { after: (session) => forgetUserSessions(session.userId) } },
      user: { update: { after: (user) => forgetUserSessions(user.id) }, delete: { after: (user) => forgetUserSessions(user.id) } },
    },
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        const userId = ctx.context.session?.user.id;
        if (userId && ctx.path === "/change-password") await forgetUserSessions(userId);
      }),
    },
    // Same-origin requests are trusted whichever host name the browser used (localhost or
    // 127.0.0.1); the configured public URL always is.
    trustedOrigins: (request) => [config.APP_URL, request ? requestOrigin(request) : undefined],
    rateLimit: authRateLimit(),
    // The client's address comes from the API (socket peer, or X-Forwarded-For from a trusted
    // proxy only), never from a header a client chose.
    advanced: { cookiePrefix: SESSION_COOKIE_PREFIX, useSecureCookies: config.secureCookies, ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    telemetry: { enabled: false },
    onAPIError: { onError: recordAuthError },
    // better-auth's own messages join our JSON log stream instead of printing plain text.
    logger: { log: (level, message, ...args) => logger[level](`auth: ${message}`, args.length > 0 ? { details: args } : undefined) },
  });
  const handle = instance.handler;
  instance.handler = (request) => answerWithDatabaseErrors(handle, request);
  return instance;
}

/**
 * better-auth answers any failure of its own with a 500, a lost database connection included
 * (a sign-in while the primary is down). Such a failure is thrown instead, as the API error the
 * rest of the API answers with: a 503 problem with Retry-After.
 */
async function answerWithDatabaseErrors(handle: (request: Request) => Promise<Response>, request: Request): Promise<Response> {
  const failure: { error?: unknown } = {};
  const response = await authRequestErrors.run(failure, () => handle(request));
  if (response.status >= 500 && failure.error !== undefined) {
    const known = toAppErrorFromDatabase(failure.error);
    if (known) throw known;
  }
  return response;
}

export function auth() {
  return processSingleton("auth", createAuth);
}
