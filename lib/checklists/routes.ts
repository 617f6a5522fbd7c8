import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { dbAccessFor } from "@/lib/db/access";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { requireViewer } from "@/lib/http/middleware/require-viewer";
import { addCatalogRoute } from "@/lib/http/route-catalog";
import { getScalingEvent, listScalingEvents, openScalingEvent } from "./events";
import { updateChecklistItem, verifyChecklistItem } from "./items";
import { renderEventMarkdown } from "./markdown";
import { createDrill, createLoadTest } from "./records";
import {
  createEventSchema,
  drillInputSchema,
  drillOutputResponseSchema,
  eventDetailSchema,
  eventParamsSchema,
  eventsPageSchema,
  eventsQuerySchema,
  itemParamsSchema,
  loadTestInputSchema,
  loadTestOutputResponseSchema,
  reopenSchema,
  runOutputSchema,
  runParamsSchema,
  updateItemSchema,
} from "./schemas";
import { reopenChecklist, signOffChecklist } from "./sign-off";
import { CHECKLIST_EDITOR_ROLES, REOPEN_ROLES, SIGN_OFF_ROLES } from "./views";

const common = { tags: ["ops", "checklists"], tier: "core" as const };

const listEventsRoute = defineRoute({
  ...common,
  method: "get",
  path: "/v1/ops/scaling-events",
  summary: "Scaling events, newest first, with each checklist's progress",
  access: { scope: "platform", roles: "any" },
  tier: "core",
  request: { query: eventsQuerySchema },
  response: { status: 200, schema: eventsPageSchema, description: "A page of events" },
  handler: ({ ctx, query }) => listScalingEvents(ctx, query),
});

const createEventRoute = defineRoute({
  ...common,
  method: "post",
  path: "/v1/ops/scaling-events",
  summary: "Open a scaling event: a run of the pre-scaling, implementation and post-scaling checklists (audited)",
  access: { scope: "platform", roles: CHECKLIST_EDITOR_ROLES },
  tier: "core",
  request: { body: createEventSchema },
  response: { status: 201, schema: eventDetailSchema, description: "The new event" },
  handler: async ({ ctx, body }) => {
    const event = await openScalingEvent({ reason: body.reason, source: "manual", actorUserId: ctx.viewer.user.id, actorEmail: ctx.viewer.user.email, requestId: ctx.requestId, tenantId: null });
    return getScalingEvent(ctx, event.id);
  },
});

const getEventRoute = defineRoute({
  ...common,
  method: "get",
  path: "/v1/ops/scaling-events/{id}",
  summary: "One scaling event: every checklist with its current revision, its history and what the viewer may do",
  access: { scope: "platform", roles: "any" },
  tier: "core",
  request: { params: eventParamsSchema },
  response: { status: 200, schema: eventDetailSchema, description: "The event" },
  handler: ({ ctx, params }) => getScalingEvent(ctx, params.id),
});

const updateItemRoute = defineRoute({
  ...common,
  method: "put",
  path: "/v1/ops/checklist-runs/{runId}/items/{key}",
  summary: "Tick or untick an item with an optional note, link or metrics snapshot (409 once signed; audited)",
  access: { scope: "platform", roles: CHECKLIST_EDITOR_ROLES },
  tier: "core",
  request: { params: itemParamsSchema, body: updateItemSchema },
  response: { status: 200, schema: runOutputSchema, description: "The checklist revision after the change" },
  handler: ({ ctx, params, body }) => updateChecklistItem(ctx, params.runId, params.key, body),
});

const verifyItemRoute = defineRoute({
  ...common,
  method: "post",
  path: "/v1/ops/checklist-runs/{runId}/items/{key}/verify",
  summary: "Verify an item from live data and freeze the evidence into it (422 with the evidence when it does not pass)",
  access: { scope: "platform", roles: CHECKLIST_EDITOR_ROLES },
  tier: "core",
  request: { params: itemParamsSchema },
  response: { status: 200, schema: runOutputSchema, description: "The checklist revision with the item verified" },
  handler: ({ ctx, params }) => verifyChecklistItem(ctx, params.runId, params.key),
});

const signOffRoute = defineRoute({
  ...common,
  method: "post",
  path: "/v1/ops/checklist-runs/{runId}/sign-off",
  summary: "Manager sign-off: every item done, password re-entered; the evidence digest goes into the audit chain",
  access: { scope: "platform", roles: SIGN_OFF_ROLES },
  tier: "core",
  request: { params: runParamsSchema },
  response: { status: 200, schema: runOutputSchema, description: "The signed, read-only revision" },
  handler: ({ ctx, params }) => signOffChecklist(ctx, params.runId),
});

const reopenRoute = defineRoute({
  ...common,
  method: "post",
  path: "/v1/ops/checklist-runs/{runId}/reopen",
  summary: "Re-open a signed checklist as a new revision, with a reason (audited)",
  access: { scope: "platform", roles: REOPEN_ROLES },
  tier: "core",
  request: { params: runParamsSchema, body: reopenSchema },
  response: { status: 201, schema: runOutputSchema, description: "The new revision" },
  handler: ({ ctx, params, body }) => reopenChecklist(ctx, params.runId, body),
});

const drillRoute = defineRoute({
  ...common,
  method: "post",
  path: "/v1/ops/drills",
  summary: "Record a failover drill (promotion or replica failure) and how it went (audited)",
  access: { scope: "platform", roles: CHECKLIST_EDITOR_ROLES },
  tier: "core",
  request: { body: drillInputSchema },
  response: { status: 201, schema: drillOutputResponseSchema, description: "The recorded drill" },
  handler: ({ ctx, body }) => createDrill(ctx, body),
});

const loadTestRoute = defineRoute({
  ...common,
  method: "post",
  path: "/v1/ops/load-tests",
  summary: "Record a load-test result: throughput, p95 latency, error ratio (audited)",
  access: { scope: "platform", roles: CHECKLIST_EDITOR_ROLES },
  tier: "core",
  request: { body: loadTestInputSchema },
  response: { status: 201, schema: loadTestOutputResponseSchema, description: "The recorded result" },
  handler: ({ ctx, body }) => createLoadTest(ctx, body),
});

const MARKDOWN_PATH = "/v1/ops/scaling-events/{id}/export.md";
const MARKDOWN_SUMMARY = "The scaling event as Markdown: every checklist revision, item, evidence and sign-off";

/** Markdown rather than JSON, so defineRoute does not fit; same access check. */
function markdownRoute(app: OpenAPIHono<ApiEnv>): void {
  const access = { scope: "platform", roles: "any" } as const;
  addCatalogRoute({ method: "GET", path: MARKDOWN_PATH, summary: MARKDOWN_SUMMARY, tier: "core", area: "ops", access, stepUp: false });
  const route = createRoute({
    method: "get",
    path: MARKDOWN_PATH,
    summary: MARKDOWN_SUMMARY,
    tags: ["ops", "checklists"],
    middleware: [requireViewer(access)] as const,
    request: { params: eventParamsSchema },
    responses: { 200: { description: "The export", content: { "text/markdown": { schema: z.string() } } } },
  });
  app.openapi(route, async (c) => {
    const role = c.get("viewer")?.platformRole;
    if (!role) throw new Error("requireViewer did not run"); // programming error, not input
    const { id } = c.req.valid("param");
    const detail = await getScalingEvent({ db: dbAccessFor(c.req.header("cookie") ?? null), role }, id);
    return c.body(renderEventMarkdown(detail), 200, { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="scaling-event-${id}.md"` });
  });
}

export function registerChecklistRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listEventsRoute, createEventRoute, getEventRoute, updateItemRoute, verifyItemRoute, signOffRoute, reopenRoute, drillRoute, loadTestRoute, markdownRoute]) register(app);
}
