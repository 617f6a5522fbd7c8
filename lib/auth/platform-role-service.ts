import type { PrismaClient } from "@/generated/prisma/client";
import type { PlatformRole } from "@/lib/auth/roles";
import { cacheTags, invalidateTag } from "@/lib/cache";
import { changePlatformRole, type RoleChangeActor } from "./platform-roles";

/** Changes the role, then drops the user's cached access on every instance: it counts on their next request. */
export async function setPlatformRole(client: PrismaClient, email: string, role: PlatformRole | null, actor: RoleChangeActor) {
  const changed = await changePlatformRole(client, email, role, actor);
  await invalidateTag(cacheTags.userAccess(changed.userId));
  return { email: changed.email, role: changed.role };
}
