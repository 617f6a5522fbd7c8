import { defaultEgressPolicy, type EgressPolicy } from "@/lib/egress";
import { env } from "@/lib/env";

/**
 * Where webhooks may post: public addresses on ports 80 and 443, plus the internal receivers an
 * operator named (NOTIFICATION_WEBHOOK_ALLOWED_ADDRESSES); never this application itself.
 */
export function webhookEgressPolicy(): EgressPolicy {
  const config = env();
  return defaultEgressPolicy({
    allowedAddresses: config.NOTIFICATION_WEBHOOK_ALLOWED_ADDRESSES,
    selfHostnames: [new URL(config.APP_URL).hostname],
    selfPorts: [config.PORT],
  });
}
