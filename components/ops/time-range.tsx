"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { TIME_RANGES, type TimeRange } from "@/lib/ops/schemas";

const RANGES = Object.keys(TIME_RANGES) as TimeRange[];

/** The page's time range lives in the URL (?range=), so a link shows what its sender saw. */
export function useTimeRange(): TimeRange {
  const value = useSearchParams().get("range");
  return RANGES.includes(value as TimeRange) ? (value as TimeRange) : "1h";
}

export function TimeRangePicker() {
  const pathname = usePathname();
  const current = useTimeRange();
  return (
    <nav aria-label="Time range" className="inline-flex rounded-md border border-line bg-panel p-0.5 text-sm">
      {RANGES.map((range) => (
        <Link
          key={range}
          href={`${pathname}?range=${range}`}
          replace
          scroll={false}
          aria-current={range === current ? "true" : undefined}
          className={`rounded px-3 py-1 ${range === current ? "bg-accent text-accent-ink" : "text-muted hover:text-ink"}`}
        >
          {range}
        </Link>
      ))}
    </nav>
  );
}
