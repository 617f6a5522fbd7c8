import type { PrismaClient } from "@/generated/prisma/client";
import { DEFAULT_THRESHOLD_RULES } from "../default-rules";
import { insertMissingRules } from "./repo";

/** Idempotent seed step: adds the guide's default rules that are missing, keeps edited ones. */
export async function seedScalingRules(prisma: PrismaClient): Promise<number> {
  return insertMissingRules(prisma, DEFAULT_THRESHOLD_RULES);
}
