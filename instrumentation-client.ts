import { z } from "zod";

// Runs in the browser before the app hydrates. zod 4 probes whether it may compile parsers with
// `new Function` on the first parse; under the pages' CSP (no 'unsafe-eval', see
// lib/http/middleware/security-headers.ts) the probe is blocked and reported as a CSP violation,
// although zod then parses without it anyway. Parse without the probe from the start.
z.config({ jitless: true });
