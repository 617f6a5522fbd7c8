import { Counter } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";

/** Server-rendered page views by area, recorded from inside Next's bundles. */
export const pageRenders = processSingleton(
  "metric.page-renders",
  () =>
    new Counter({
      name: "agency_page_renders_total",
      help: "Pages rendered on the server, by area",
      labelNames: ["area"] as const,
      registers: [metrics.registry],
    }),
);
