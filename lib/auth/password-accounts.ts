import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "@/lib/audit/repo";
import { BadRequestError, ConflictError } from "@/lib/http/errors";
import type { PrismaClient } from "@/generated/prisma/client";
import type { RoleChangeActor } from "./platform-roles";

/** better-auth's own minimum (lib/auth/auth.ts): an account made here signs in there. */
export const MIN_PASSWORD_LENGTH = 12;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type NewPasswordAccount = { email: string; name: string; password: string };

function checked(account: NewPasswordAccount): NewPasswordAccount {
  const email = account.email.trim().toLowerCase();
  const name = account.name.trim();
  if (!EMAIL.test(email)) throw new BadRequestError(`"${account.email}" is not an e-mail address`);
  if (name === "") throw new BadRequestError("a name is required");
  if (account.password.length < MIN_PASSWORD_LENGTH) throw new BadRequestError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  return { email, name, password: account.password };
}

/**
 * An account that signs in with e-mail and password, made by an operator where sign-up is off:
 * the first account of an installation on its own database, before anyone can grant roles.
 * The user, its credential and the audit entry are one transaction.
 */
export async function createPasswordAccount(client: PrismaClient, account: NewPasswordAccount, actor: RoleChangeActor): Promise<{ userId: string; email: string }> {
  const { email, name, password } = checked(account);
  const passwordHash = await hashPassword(password);
  const userId = randomBytes(16).toString("base64url");
  await client.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new ConflictError(`an account with the email ${email} exists already`);
    await tx.user.create({ data: { id: userId, email, name, emailVerified: true } });
    await tx.account.create({ data: { id: randomBytes(16).toString("base64url"), accountId: userId, providerId: "credential", userId, password: passwordHash } });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      actorEmail: actor.email,
      tenantId: null,
      action: "account.create",
      target: `user:${userId}`,
      before: null,
      after: { email, name },
      requestId: actor.requestId,
    });
  });
  return { userId, email };
}
