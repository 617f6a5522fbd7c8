import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./context";
import { requireViewer, type RouteAccess } from "./middleware/require-viewer";
import { addCatalogRoute } from "./route-catalog";

/** What a download answers: the file's content (whole or streamed), its type and its name. */
export type Download = { body: string | ReadableStream; contentType: string; filename: string };

type DownloadSpec<Q extends z.ZodObject> = {
  path: string;
  summary: string;
  tags: string[];
  access: RouteAccess;
  query: Q;
  /** The response's media type in the API description (without parameters). */
  mediaType: string;
  description: string;
  download: (query: z.infer<Q>, cookie: string | null) => Download | Promise<Download>;
};

/**
 * A GET that answers a file (CSV, YAML) instead of JSON, where defineRoute does not fit: listed in
 * the route catalog like every route, behind the same access check, its query checked by its
 * schema, answered as an attachment nothing may store.
 */
export function defineDownloadRoute<Q extends z.ZodObject>(spec: DownloadSpec<Q>): (app: OpenAPIHono<ApiEnv>) => void {
  return (app) => {
    addCatalogRoute({ method: "GET", path: spec.path, summary: spec.summary, tier: "core", area: "ops", access: spec.access, stepUp: false });
    const route = createRoute({
      method: "get",
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      middleware: [requireViewer(spec.access)] as const,
      request: { query: spec.query },
      responses: { 200: { description: spec.description, content: { [spec.mediaType]: { schema: z.string() } } } },
    });
    app.openapi(route, async (c) => {
      // The route's own validator has checked the query against spec.query; Hono cannot carry the
      // generic schema's type through createRoute, so it is named here.
      const query = (c.req as unknown as { valid(target: "query"): z.infer<Q> }).valid("query");
      const file = await spec.download(query, c.req.header("cookie") ?? null);
      return c.body(file.body, 200, { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store" });
    });
  };
}
