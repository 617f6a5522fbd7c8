import type { z } from "zod";

/** Cache settings; the defaults are the scalability guide's. */
export const cacheEnvShape = {} satisfies z.ZodRawShape;
