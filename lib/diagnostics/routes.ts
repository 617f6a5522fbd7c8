import { Readable } from "node:stream";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { addCatalogRoute } from "@/lib/http/route-catalog";
import { requireViewer } from "@/lib/http/middleware/require-viewer";
import { listHeapSnapshots, openHeapSnapshot, takeHeapSnapshot } from "./heap-snapshots";
import {
  blockerActionInputSchema,
  blockerActionResultSchema,
  blockerParamsSchema,
  blockerPreviewInputSchema,
  blockerPreviewSchema,
  diagnosticsReportSchema,
  heapSnapshotInfoSchema,
  heapSnapshotListSchema,
} from "./schemas";
import { actOnBlocker, getDiagnostics, previewBlockerAction } from "./service";

const reportRoute = defineRoute({
  method: "get",
  path: "/v1/ops/diagnostics",
  summary: "Live troubleshooting detectors (pool exhaustion, memory leak, lock contention, cache invalidation) of the answering instance",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: diagnosticsReportSchema, description: "Detectors with evidence, thresholds and incidents" },
  handler: () => getDiagnostics(),
});

const previewRoute = defineRoute({
  method: "post",
  path: "/v1/ops/diagnostics/blockers/{pid}/preview",
  summary: "What cancelling or terminating a blocking session would affect (nothing is changed)",
  tags: ["ops"],
  access: { scope: "platform", roles: ["sre"] },
  // Changes nothing: what the run would do, before the password is asked for.
  stepUp: false,
  tier: "core",
  request: { params: blockerParamsSchema, body: blockerPreviewInputSchema },
  response: { status: 200, schema: blockerPreviewSchema, description: "The session and the sessions waiting behind it" },
  handler: ({ params, body }) => previewBlockerAction(params.pid, body.action),
});

const actionRoute = defineRoute({
  method: "post",
  path: "/v1/ops/diagnostics/blockers/{pid}/actions",
  summary: "Cancel or terminate a blocking session; the pid must be typed again as confirmation",
  tags: ["ops"],
  access: { scope: "platform", roles: ["sre"] },
  tier: "core",
  request: { params: blockerParamsSchema, body: blockerActionInputSchema },
  response: { status: 200, schema: blockerActionResultSchema, description: "Whether the backend was signalled" },
  handler: ({ ctx, params, body }) =>
    actOnBlocker({ pid: params.pid, action: body.action, confirmPid: body.confirmPid, actorEmail: ctx.viewer.user.email, actorUserId: ctx.viewer.user.id, requestId: ctx.requestId }),
});

const listSnapshotsRoute = defineRoute({
  method: "get",
  path: "/v1/ops/diagnostics/heap-snapshots",
  summary: "Heap snapshots taken on the answering instance",
  tags: ["ops"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  response: { status: 200, schema: heapSnapshotListSchema, description: "Snapshots, newest first" },
  handler: async () => ({ instancePid: process.pid, snapshots: listHeapSnapshots() }),
});

const takeSnapshotRoute = defineRoute({
  method: "post",
  path: "/v1/ops/diagnostics/heap-snapshots",
  summary: "Write a heap snapshot of the answering instance (pauses it while writing; holds secrets; one per 10 minutes cluster-wide, kept 1 hour)",
  tags: ["ops"],
  // Platform admins only, with a recent password (step-up, as for every platform change).
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  response: { status: 201, schema: heapSnapshotInfoSchema, description: "The snapshot, ready to download" },
  handler: ({ ctx }) => takeHeapSnapshot(ctx),
});

export function registerDiagnosticsRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [reportRoute, previewRoute, actionRoute, listSnapshotsRoute, takeSnapshotRoute]) register(app);
  // A file download, not JSON: streamed from disk, so a large heap never sits in memory twice.
  const downloadAccess = { scope: "platform", roles: ["admin"] } as const;
  addCatalogRoute({ method: "GET", path: "/v1/ops/diagnostics/heap-snapshots/{id}", summary: "Download a heap snapshot", tier: "core", area: "ops", access: downloadAccess, stepUp: false });
  app.get("/v1/ops/diagnostics/heap-snapshots/:id", requireViewer(downloadAccess), (c) => {
    const { stream, info } = openHeapSnapshot(c.req.param("id"));
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      "content-type": "application/octet-stream",
      "content-length": String(info.sizeBytes),
      "content-disposition": `attachment; filename="${info.id}"`,
    });
  });
}
