import { z } from "zod";

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").map((part) => part.trim()).filter(Boolean));

/** `80,443,8000-8999` → [80, 443, [8000, 8999]]. */
const portList = list.pipe(
  z.array(
    z
      .string()
      .regex(/^\d{1,5}(-\d{1,5})?$/, "ports or ranges, e.g. 80,443,8000-8999")
      .transform((part): number | [number, number] => {
        const [from, to] = part.split("-").map(Number) as [number, number | undefined];
        return to === undefined ? from : [from, to];
      }),
  ),
);

/** Outbound requests made on a customer's behalf (workflow http steps): lib/egress. */
export const egressEnvShape = {
  /**
   * Let workflow steps reach private, loopback and link-local addresses (self-hosted users with
   * internal targets). Off by default; shown on the ops overview while on.
   */
  WORKFLOW_EGRESS_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  /** Ports a step may call besides 80 and 443 (ranges allowed: `8080,9000-9100`). */
  WORKFLOW_EGRESS_ALLOWED_PORTS: portList,
  /** Exact `address:port` targets allowed though not public (one internal service), every hop still checked. */
  WORKFLOW_EGRESS_ALLOWED_ADDRESSES: list.pipe(z.array(z.string().regex(/^(\d+\.\d+\.\d+\.\d+|\[[0-9a-fA-F:.]+\]):\d{1,5}$/, "address:port, e.g. 10.0.0.5:8080 or [fd00::5]:443"))),
  /**
   * Encrypts secret step headers at rest (AES-256-GCM): 64 hex characters (`openssl rand -hex 32`).
   * Required in production (`npm start` keeps one beside its data); elsewhere, when unset, a key is
   * derived from BETTER_AUTH_SECRET.
   */
  WORKFLOW_SECRETS_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (`openssl rand -hex 32`)").optional(),
};
