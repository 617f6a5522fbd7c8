// A second app instance for tests/cache-pg-invalidation-app.test.ts: the API app in a process of
// its own on the test's database, configured by the environment it is forked with, serving HTTP
// on a free port it reports over IPC.
import { serve } from "@hono/node-server";
import { createApiApp } from "@/lib/http/app";

const app = createApiApp();
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => process.send?.({ type: "ready", port: info.port }));
process.on("disconnect", () => process.exit(0));
