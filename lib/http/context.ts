import type { Viewer } from "@/lib/auth/session";

/** Per-request values the middleware chain sets for handlers. */
export type ApiEnv = {
  Variables: {
    requestId: string;
    /** Set where Hono's matched route would be misleading (unknown paths). */
    routeTemplate?: string;
    viewer?: Viewer;
  };
};
