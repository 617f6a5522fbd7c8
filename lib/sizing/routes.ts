import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { env } from "@/lib/env";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { requireViewer } from "@/lib/http/middleware/require-viewer";
import { renderKubernetesManifests } from "./kubernetes";
import { renderNginxConf } from "./nginx-conf";
import { renderPostgresqlConf } from "./postgresql-conf";
import { describeCurrentSizing, getLiveSizing } from "./live";
import { recommendSizing } from "./recommend";
import { liveSizingSchema, kubernetesExportQuerySchema, nginxExportQuerySchema, postgresqlExportQuerySchema, sizingQuerySchema, sizingRecommendationSchema } from "./schemas";

const sizingRoute = defineRoute({
  method: "get",
  path: "/v1/ops/sizing",
  summary: "The scalability guide's tier for a number of active users, and what to change to reach it",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  request: { query: sizingQuerySchema },
  response: { status: 200, schema: sizingRecommendationSchema, description: "Current vs recommended sizing" },
  handler: async ({ query }) => recommendSizing(query.activeUsers, await describeCurrentSizing()),
});

const liveSizingRoute = defineRoute({
  method: "get",
  path: "/v1/ops/sizing/live",
  summary: "The tier for the users active now, what to change, and when the next tier is due at the last week's growth",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: liveSizingSchema, description: "Live sizing with headroom" },
  handler: () => getLiveSizing(),
});

/**
 * The local instances all listen on PORT (node:cluster shares it), so nginx can only see them as
 * one server: APP_URL's host (the configured name, never the spoofable Host header) with PORT.
 * A scaled-out deployment passes its servers as `?upstreams=`.
 */
function localUpstream(): string {
  const config = env();
  return `${new URL(config.APP_URL).hostname}:${config.PORT}`;
}

type TextExport<Q extends z.ZodObject> = { path: string; summary: string; query: Q; contentType: string; render: (query: z.infer<Q>) => string };

function defineTextExport<Q extends z.ZodObject>(spec: TextExport<Q>) {
  return (app: OpenAPIHono<ApiEnv>) => {
    const route = createRoute({
      method: "get",
      path: spec.path,
      summary: spec.summary,
      tags: ["ops"],
      middleware: [requireViewer({ scope: "platform", roles: "any" })] as const,
      request: { query: spec.query },
      responses: { 200: { description: "The generated file", content: { [spec.contentType]: { schema: z.string() } } } },
    });
    // The validator middleware has run; the cast only restates the query schema's type.
    app.openapi(route, (c) => c.body(spec.render(c.req.valid("query" as never) as z.infer<Q>), 200, { "content-type": `${spec.contentType}; charset=utf-8` }));
  };
}

const nginxExport = defineTextExport({
  path: "/v1/ops/exports/nginx",
  summary: "nginx.conf load-balancing the app instances (least_conn, keepalive, health, static caching)",
  query: nginxExportQuerySchema,
  contentType: "text/plain",
  render: (query) => renderNginxConf({ upstreams: query.upstreams ?? [localUpstream()], listenPort: query.listenPort, serverName: query.serverName }),
});

const postgresqlExport = defineTextExport({
  path: "/v1/ops/exports/postgresql",
  summary: "postgresql.conf settings for a sizing tier",
  query: postgresqlExportQuerySchema,
  contentType: "text/plain",
  render: (query) => renderPostgresqlConf(query.tier),
});

const kubernetesExport = defineTextExport({
  path: "/v1/ops/exports/kubernetes",
  summary: "Deployment, Service and HorizontalPodAutoscaler (autoscaling/v2) for a sizing tier",
  query: kubernetesExportQuerySchema,
  contentType: "application/yaml",
  render: (query) => renderKubernetesManifests({ tier: query.tier, image: query.image }),
});

export function registerSizingRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [sizingRoute, liveSizingRoute, nginxExport, postgresqlExport, kubernetesExport]) register(app);
}
