import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** Whether a scrape may read the metrics: always without METRICS_TOKEN, else only with its bearer token. */
export function acceptsMetricsScrape(authorization: string | undefined): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(authorization ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
