import type { ReactNode } from "react";
import { featurePageLimit } from "@/lib/auth/page-guard";
import { FeatureLimitedNotice } from "./feature-limited-notice";
import { LiveFeatureGate } from "./live-feature-gate";
import { findNavItem } from "@/lib/navigation";

/**
 * A non-core page. While the circuit breaker has its feature off, the server renders the
 * "temporarily limited" notice in place of the feature, so neither a direct visit nor a client-side
 * navigation loads the feature's UI (or fires its API calls, which would only answer 503).
 * Next cannot give a server-rendered page a 503 status (a server component can only interrupt with
 * 401, 403 or 404), so the notice is a page of its own answered with 200: it names the feature, the
 * owner and the expiry and links to the core pages. Once the feature is open, the live gate greys
 * it out if the breaker is switched on meanwhile.
 */
export async function FeaturePage({ href, children }: { href: string; children: ReactNode }) {
  const limit = await featurePageLimit(href);
  if (limit) return <FeatureLimitedNotice limit={limit} />;
  const { label, tier, area } = findNavItem(href);
  return (
    <LiveFeatureGate label={label} tier={tier} area={area}>
      {children}
    </LiveFeatureGate>
  );
}
