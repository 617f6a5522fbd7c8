import type { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { recordCheckpoint } from "./checkpoint-repo";
import { AUDIT_HEAD_ALGORITHM, auditHeadMessage, signAuditHead, type AuditHead } from "./head-signature";
import type { AuditHeadOutput, ChainVerificationOutput } from "./schemas";
import { SingleFlightCache } from "./single-flight-cache";
import { describeVerification, GENESIS_HASH, verifyAuditLog } from "./verify";

/** A walk reads the whole log: one per process per this long, whoever asks. */
export const AUDIT_VERIFY_CACHE_MS = 30_000;

export type VerifiedLog = {
  verification: ChainVerificationOutput;
  /** The verified head, signed; null when the log does not verify or there is no key. */
  signedHead: AuditHeadOutput | null;
};

/**
 * Verifies the audit log for this process: single-flight and cached (concurrent callers share
 * one walk, and its result serves for AUDIT_VERIFY_CACHE_MS). A walk that passes signs the head
 * and records it as a checkpoint, which later walks hold the chain to; the newest one recorded
 * is also kept here, outside the database, so removing checkpoints is caught too.
 */
export class AuditVerifier {
  private readonly cache: SingleFlightCache<VerifiedLog>;
  private remembered: AuditHead | undefined;

  constructor(
    private readonly headKey: string | undefined,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.cache = new SingleFlightCache(AUDIT_VERIFY_CACHE_MS, nowMs);
  }

  get canSign(): boolean {
    return this.headKey !== undefined;
  }

  verify(client: PrismaClient): Promise<VerifiedLog> {
    return this.cache.get(() => this.walk(client));
  }

  private async walk(client: PrismaClient): Promise<VerifiedLog> {
    const startedAt = performance.now();
    const checkedAt = new Date(this.nowMs()).toISOString();
    const result = await verifyAuditLog(client, { headKey: this.headKey, remembered: this.remembered });
    const signedHead = result.ok && this.headKey ? await this.checkpoint(client, this.headKey, result.head ?? { seq: 0, hash: GENESIS_HASH }, checkedAt) : null;
    const summary = describeVerification(result);
    if (!this.headKey) summary.push("warning: AUDIT_HEAD_KEY is not set: the head is not signed and no checkpoints are recorded");
    return { verification: { ...result, summary, checkedAt, durationMs: Math.round(performance.now() - startedAt) }, signedHead };
  }

  private async checkpoint(client: PrismaClient, key: string, head: AuditHead, verifiedAt: string): Promise<AuditHeadOutput> {
    const signature = signAuditHead(key, head);
    if (head.seq > 0) {
      try {
        await recordCheckpoint(client, { seq: BigInt(head.seq), hash: head.hash, signature });
        this.remembered = head;
      } catch (error) {
        // The signature holds whether or not it is stored (e.g. a primary fenced read-only).
        logger.warn("the audit head's checkpoint could not be recorded", { seq: head.seq, err: error });
      }
    }
    return { ...head, signature, algorithm: AUDIT_HEAD_ALGORITHM, message: auditHeadMessage(head), verifiedAt };
  }
}

export function auditVerifier(): AuditVerifier {
  return processSingleton("audit-verifier", () => new AuditVerifier(env().AUDIT_HEAD_KEY));
}
