import type { MiddlewareHandler } from "hono";
import { featureBreaker } from "@/lib/emergency/breaker-state";
import { breakerMetrics } from "@/lib/emergency/metrics";
import type { FeatureArea, Tier } from "@/lib/emergency/tiers";
import type { ApiEnv } from "@/lib/http/context";
import { UnavailableError } from "@/lib/http/errors";

/**
 * 503 with Retry-After for a non-core route while the circuit breaker covers its area. Reads
 * only in-memory state: the process's, unless the request carries another instance's.
 */
export function degradeUnderCircuitBreaker(tier: Tier, area: FeatureArea): MiddlewareHandler<ApiEnv> {
  if (tier === "core") return (_c, next) => next();
  return async (c, next) => {
    const degradation = (c.get("featureBreaker") ?? featureBreaker()).degradation(tier, area);
    if (!degradation) return next();
    breakerMetrics().rejections.inc({ area, tier });
    throw new UnavailableError(
      `${area} is switched off by the circuit breaker (limit to core features, ${degradation.scope === "global" ? "all areas" : degradation.scope}); core features keep working`,
      degradation.retryAfterSeconds,
    );
  };
}
