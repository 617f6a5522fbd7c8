import { z } from "zod";

/** The notification webhooks' settings, part of lib/env.ts's schema. */
export const notificationEnvShape = {
  /**
   * Comma-separated `address:port` pairs a webhook may reach although they are not public (a
   * receiver inside the network, e.g. `10.0.4.7:8080`); every other private, loopback or
   * link-local address is refused, as are ports other than 80 and 443.
   */
  NOTIFICATION_WEBHOOK_ALLOWED_ADDRESSES: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((pair) => pair.trim()).filter((pair) => pair.length > 0))
    .pipe(z.array(z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d{1,5}$/, "each entry must be address:port, e.g. 10.0.4.7:8080 or [fd00::7]:8080"))),
};
