import type { Viewer } from "@/lib/auth/session";
import type { FeatureBreakerState } from "@/lib/emergency/breaker-state";

/** Per-request values the middleware chain sets for handlers. */
export type ApiEnv = {
  Variables: {
    requestId: string;
    /** Set where Hono's matched route would be misleading (unknown paths). */
    routeTemplate?: string;
    viewer?: Viewer;
    /** The scope the matched route declares (set by requireViewer), for recording a refusal under the right trail. */
    accessScope?: "tenant" | "platform" | "account";
    /** The circuit-breaker state to consult instead of the process's (two app instances in one test process). */
    featureBreaker?: FeatureBreakerState;
  };
};
