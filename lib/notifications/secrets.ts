import { createHmac, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// A webhook's signing secret is derived from the server's secret and a per-webhook salt, so the
// database holds nothing that can sign: a leaked backup cannot forge deliveries. Rotating
// BETTER_AUTH_SECRET therefore rotates every webhook secret (the README says so).

export function newSecretSalt(): string {
  return randomBytes(24).toString("base64url");
}

export function webhookSecret(secretSalt: string): string {
  return `whsec_${createHmac("sha256", env().BETTER_AUTH_SECRET).update(`notification-webhook:${secretSalt}`).digest("base64url")}`;
}
