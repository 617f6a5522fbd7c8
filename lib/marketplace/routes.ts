import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { listItemsQuerySchema, marketplaceItemDetailSchema, marketplaceItemParamsSchema, marketplacePageSchema } from "./schemas";
import { getMarketplaceItem, listMarketplaceItems } from "./service";
import { installMarketplaceItem } from "./install";
import { installItemSchema, installResultSchema } from "./install-schemas";

const listItemsRoute = defineRoute({
  method: "get",
  path: "/v1/marketplace/items",
  summary: "The marketplace catalog (shared by every tenant), filtered and sorted (cursor pagination)",
  tags: ["marketplace"],
  access: { scope: "tenant", roles: "any" },
  tier: "optional",
  request: { query: listItemsQuerySchema },
  response: { status: 200, schema: marketplacePageSchema, description: "One page of items" },
  handler: ({ ctx, query }) => listMarketplaceItems(ctx, query),
});

const getItemRoute = defineRoute({
  method: "get",
  path: "/v1/marketplace/items/{id}",
  summary: "One marketplace item with its full description",
  tags: ["marketplace"],
  access: { scope: "tenant", roles: "any" },
  tier: "optional",
  request: { params: marketplaceItemParamsSchema },
  response: { status: 200, schema: marketplaceItemDetailSchema, description: "The item" },
  handler: ({ ctx, params }) => getMarketplaceItem(ctx, params.id),
});

const installItemRoute = defineRoute({
  method: "post",
  path: "/v1/marketplace/items/{id}/installs",
  summary: "Install an item: activate its module with dependencies for the tenant (free: any member; paid: an admin confirming the price; audited)",
  tags: ["marketplace"],
  // Members install free items; the service refuses a paid one from anyone but an admin.
  access: { scope: "tenant", roles: "any" },
  tier: "optional",
  request: { params: marketplaceItemParamsSchema, body: installItemSchema },
  response: { status: 202, schema: installResultSchema, description: "The item and the activation plan (modules pending until started)" },
  handler: ({ ctx, params, body }) => installMarketplaceItem(ctx, params.id, body),
});

export function registerMarketplaceRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listItemsRoute, getItemRoute, installItemRoute]) register(app);
}
