import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { ApiTokenScope } from "./access";

type Db = PrismaClient | Prisma.TransactionClient;

const tokenSummarySelect = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  scope: true,
  tenantId: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  tenant: { select: { name: true } },
} satisfies Prisma.ApiTokenSelect;
export type ApiTokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSummarySelect }>;

/** What authenticating a request needs: the owner and the grant, never the hash. */
const tokenAuthSelect = {
  id: true,
  scope: true,
  tenantId: true,
  expiresAt: true,
  lastUsedAt: true,
  user: { select: { id: true, name: true, email: true } },
} satisfies Prisma.ApiTokenSelect;
export type ApiTokenAuthRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenAuthSelect }>;

export type NewApiTokenRow = { userId: string; name: string; prefix: string; secretHash: string; scope: ApiTokenScope; tenantId: string | null; expiresAt: Date };

export async function insertApiToken(client: Db, data: NewApiTokenRow): Promise<ApiTokenRow> {
  return client.apiToken.create({ data, select: tokenSummarySelect });
}

/** A user's tokens, newest first; expired ones too, until their owner deletes them. */
export async function listApiTokensOfUser(client: Db, userId: string): Promise<ApiTokenRow[]> {
  return client.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: tokenSummarySelect });
}

export async function findApiTokenOfUser(client: Db, userId: string, tokenId: string): Promise<ApiTokenRow | null> {
  return client.apiToken.findFirst({ where: { id: tokenId, userId }, select: tokenSummarySelect });
}

export async function deleteApiToken(client: Db, tokenId: string): Promise<number> {
  return (await client.apiToken.deleteMany({ where: { id: tokenId } })).count;
}

export async function findApiTokenByHash(client: Db, secretHash: string): Promise<ApiTokenAuthRow | null> {
  return client.apiToken.findUnique({ where: { secretHash }, select: tokenAuthSelect });
}

export async function touchApiToken(client: Db, tokenId: string, at: Date): Promise<void> {
  await client.apiToken.updateMany({ where: { id: tokenId }, data: { lastUsedAt: at } });
}

export async function userExists(client: Db, userId: string): Promise<{ email: string } | null> {
  return client.user.findUnique({ where: { id: userId }, select: { email: true } });
}
