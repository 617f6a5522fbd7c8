import { z } from "@hono/zod-openapi";
import { TENANT_ROLES } from "@/lib/auth/roles";

export const memberSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(TENANT_ROLES),
    joinedAt: z.iso.datetime(),
  })
  .openapi("Member");
export type MemberOutput = z.infer<typeof memberSchema>;

export const memberPageSchema = z.object({ items: z.array(memberSchema), nextCursor: z.string().nullable() }).openapi("MemberPage");

export const listMembersQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListMembersInput = z.infer<typeof listMembersQuerySchema>;

/** The listing's sort key: e-mail (unique per account), so a page never repeats or skips one. */
export const memberCursorSchema = z.tuple([z.string()]);

export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("an e-mail address, e.g. name@example.com")),
  role: z.enum(TENANT_ROLES),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeMemberSchema = z.object({ role: z.enum(TENANT_ROLES) });
export type ChangeMemberInput = z.infer<typeof changeMemberSchema>;

export const memberParamsSchema = z.object({ userId: z.string().min(1).max(64) });

export const removedMemberSchema = z.object({ removed: memberSchema }).openapi("RemovedMember");
