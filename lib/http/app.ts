import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { trackSessionActivity } from "@/lib/activity";
import { recordRefusedAccess, recordSignInAttempts, registerAuditRoutes, registerTenantAuditRoutes } from "@/lib/audit";
import { registerChecklistRoutes } from "@/lib/checklists";
import { auth } from "@/lib/auth/auth";
import { withClientAddress } from "@/lib/auth/client-address";
import { registerAutoscalingRoutes } from "@/lib/autoscaling";
import { registerCacheOpsRoutes } from "@/lib/cache-ops/routes";
import { registerPlatformRoleRoutes } from "@/lib/auth/platform-role-routes";
import { registerSessionAdminRoutes } from "@/lib/auth/session-admin-routes";
import { registerApiTokenRoutes } from "@/lib/auth/api-tokens";
import { registerSessionRoutes } from "@/lib/auth/routes";
import { limitSignInAttempts } from "@/lib/auth/sign-in-limit";
import { throwOnRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { toAppErrorFromDatabase } from "@/lib/db/errors";
import { registerDashboardRoutes } from "@/lib/dashboard";
import { registerDiagnosticsRoutes } from "@/lib/diagnostics";
import { registerEmergencyRoutes } from "@/lib/emergency";
import { env } from "@/lib/env";
import { registerHealthRoutes } from "@/lib/health/routes";
import type { ApiEnv } from "@/lib/http/context";
import { AppError, BadRequestError, NotFoundError, PayloadTooLargeError } from "@/lib/http/errors";
import { requireJsonBody } from "@/lib/http/middleware/content-type";
import { dropUndecodableSessionData } from "@/lib/http/middleware/cookie-guard";
import { requireSameOrigin } from "@/lib/http/middleware/csrf";
import { guardJsonInput, guardJsonInputForRawHandlers } from "@/lib/http/middleware/json-guard";
import { markRecentWrites } from "@/lib/http/middleware/mark-writes";
import { observeRequests } from "@/lib/http/middleware/observe";
import { invalidInput } from "@/lib/http/invalid-input";
import { secureApiResponses } from "@/lib/http/middleware/security-headers";
import { inSequence, under } from "@/lib/http/middleware/sequence";
import { buildProblem, problemFromAppError, problemResponse } from "@/lib/http/problem";
import { logger } from "@/lib/logging/logger";
import { registerModuleRoutes } from "@/lib/modules";
import { registerNotificationRoutes } from "@/lib/notifications";
import { registerOpsRoutes } from "@/lib/ops/routes";
import { registerAnnotationRoutes } from "@/lib/annotations";
import { registerScalingRuleRoutes } from "@/lib/scaling";
import { registerAlertingRoutes } from "@/lib/alerting";
import { registerSizingRoutes } from "@/lib/sizing/routes";
import { registerTemplateRoutes } from "@/lib/templates/routes";
import { registerTemplateDraftRoutes } from "@/lib/template-drafts";
import { registerWorkflowFleetRoutes } from "@/lib/workflow-fleet/routes";
import { registerWorkflowRoutes } from "@/lib/workflows";
import { registerMemberRoutes } from "@/lib/members";
import { registerMarketplaceRoutes } from "@/lib/marketplace/routes";

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const fromDatabase = toAppErrorFromDatabase(error);
  if (fromDatabase) return fromDatabase;
  // Hono's own exceptions: malformed JSON (400) and the like.
  if (error instanceof HTTPException && error.status < 500) {
    if (error.status === 413) return new PayloadTooLargeError(error.message);
    return new BadRequestError(error.message || "malformed request");
  }
  return undefined;
}

/** The API: request id → metrics/logs → body limit → CSRF → auth → zod → service → problem+json. */
export function createApiApp(): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.target, result.error.issues);
    },
  }).basePath("/api");

  app.use("*", observeRequests);
  app.use("*", secureApiResponses({ https: env().APP_URL.startsWith("https://") }));
  const limitBody = bodyLimit({
    maxSize: env().API_BODY_LIMIT_BYTES,
    onError: () => {
      throw new PayloadTooLargeError(`request body is larger than ${env().API_BODY_LIMIT_BYTES} bytes`);
    },
  });
  // One Hono layer for the checks that mostly pass straight through (see inSequence). Those that
  // refuse come before the two that act after the route, so a refusal skips nothing of theirs.
  app.use(
    "*",
    inSequence(
      dropUndecodableSessionData,
      // GET and HEAD carry no body; asking for one would make the node adapter build a full
      // undici Request per call (measured at ~100 µs, the costliest step of a cached GET).
      (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)),
      requireSameOrigin,
      under("/api/v1", requireJsonBody),
      under("/api/v1", guardJsonInput),
      under("/api/auth", guardJsonInputForRawHandlers),
      under("/api/v1", markRecentWrites),
      under("/api/v1", trackSessionActivity()),
    ),
  );

  registerHealthRoutes(app);
  app.post("/auth/sign-in/email", recordSignInAttempts, limitSignInAttempts);
  app.on(["GET", "POST"], "/auth/*", async (c) => throwOnRateLimit(await auth().handler(withClientAddress(c)), c.req.path));
  registerSessionRoutes(app);
  registerPlatformRoleRoutes(app);
  registerSessionAdminRoutes(app);
  registerApiTokenRoutes(app);
  registerAuditRoutes(app);
  registerTenantAuditRoutes(app);
  registerChecklistRoutes(app);
  registerTemplateRoutes(app);
  registerTemplateDraftRoutes(app);
  registerMemberRoutes(app);
  registerMarketplaceRoutes(app);
  registerModuleRoutes(app);
  registerDashboardRoutes(app);
  registerWorkflowRoutes(app);
  registerWorkflowFleetRoutes(app);
  registerOpsRoutes(app);
  registerAnnotationRoutes(app);
  registerCacheOpsRoutes(app);
  registerDiagnosticsRoutes(app);
  registerNotificationRoutes(app);
  registerScalingRuleRoutes(app);
  registerAlertingRoutes(app);
  registerSizingRoutes(app);
  registerAutoscalingRoutes(app);
  registerEmergencyRoutes(app);
  // Generated from the same zod schemas that validate the requests.
  app.doc31("/v1/openapi.json", { openapi: "3.1.0", info: { title: "Agency Toolkit API", version: "1" } });

  app.notFound((c) => {
    c.set("routeTemplate", "unmatched");
    return problemFromAppError(new NotFoundError(`no API route ${c.req.method} ${c.req.path}`), c.req.path, c.get("requestId"));
  });
  app.onError(async (error, c) => {
    const requestId = c.get("requestId");
    const known = toAppError(error);
    if (known?.status === 403) {
      await recordRefusedAccess({ viewer: c.get("viewer"), requestId, target: `${c.req.method} ${c.req.path}`, reason: known.message, code: known.code, scope: c.get("accessScope") ?? "tenant" });
    }
    if (known) return problemFromAppError(known, c.req.path, requestId);
    logger.error("unhandled error", { requestId, path: c.req.path, err: error });
    return problemResponse(
      buildProblem({ status: 500, code: "internal_error", detail: "an unexpected error occurred; quote the request id when reporting it", instance: c.req.path, requestId }),
    );
  });
  return app;
}
