import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { addMemberSchema, changeMemberSchema, listMembersQuerySchema, memberPageSchema, memberParamsSchema, memberSchema, removedMemberSchema } from "./schemas";
import { addMember, changeMemberRole, listMembers, MEMBER_MANAGER_ROLES, removeMember } from "./service";

const listMembersRoute = defineRoute({
  method: "get",
  path: "/v1/members",
  summary: "The tenant's members with their roles, by e-mail (tenant admin; cursor pagination)",
  tags: ["members"],
  access: { scope: "tenant", roles: MEMBER_MANAGER_ROLES },
  tier: "standard",
  request: { query: listMembersQuerySchema },
  response: { status: 200, schema: memberPageSchema, description: "One page of members" },
  handler: ({ ctx, query }) => listMembers(ctx, query),
});

const addMemberRoute = defineRoute({
  method: "post",
  path: "/v1/members",
  summary: "Give an existing account a role in the tenant (tenant admin, audited)",
  tags: ["members"],
  access: { scope: "tenant", roles: MEMBER_MANAGER_ROLES },
  tier: "standard",
  request: { body: addMemberSchema },
  response: { status: 201, schema: memberSchema, description: "The new member" },
  handler: ({ ctx, body }) => addMember(ctx, body),
});

const changeMemberRoute = defineRoute({
  method: "patch",
  path: "/v1/members/{userId}",
  summary: "Change a member's role; the tenant keeps at least one admin (tenant admin, audited)",
  tags: ["members"],
  access: { scope: "tenant", roles: MEMBER_MANAGER_ROLES },
  tier: "standard",
  request: { params: memberParamsSchema, body: changeMemberSchema },
  response: { status: 200, schema: memberSchema, description: "The member as saved" },
  handler: ({ ctx, params, body }) => changeMemberRole(ctx, params.userId, body),
});

const removeMemberRoute = defineRoute({
  method: "delete",
  path: "/v1/members/{userId}",
  summary: "Take an account out of the tenant; never the last admin (tenant admin, audited)",
  tags: ["members"],
  access: { scope: "tenant", roles: MEMBER_MANAGER_ROLES },
  tier: "standard",
  request: { params: memberParamsSchema },
  response: { status: 200, schema: removedMemberSchema, description: "The member as it was" },
  handler: ({ ctx, params }) => removeMember(ctx, params.userId),
});

export function registerMemberRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listMembersRoute, addMemberRoute, changeMemberRoute, removeMemberRoute]) register(app);
}
