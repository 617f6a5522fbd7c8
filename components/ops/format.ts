import type { SignalUnit } from "@/lib/metrics/signals";

/** Numbers with their unit, sized for a glance: 1.2 k req/s, 83 %, 240 ms, 3.1 MB. */
export function formatValue(unit: SignalUnit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "ratio":
      return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} %`;
    case "seconds":
      return value < 1 ? `${(value * 1000).toFixed(value < 0.01 ? 1 : 0)} ms` : `${value.toFixed(2)} s`;
    case "bytes":
      return formatBytes(value);
    case "req/s":
      return value >= 1000 ? `${(value / 1000).toFixed(1)} k req/s` : `${value.toFixed(value < 10 ? 1 : 0)} req/s`;
    case "per-s":
      return `${value.toFixed(value < 10 ? 2 : 0)} /s`;
    case "count":
      return value.toFixed(0);
  }
}

function formatBytes(value: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let scaled = value;
  let index = 0;
  while (scaled >= 1024 && index < units.length - 1) {
    scaled /= 1024;
    index++;
  }
  return `${scaled.toFixed(index === 0 ? 0 : 1)} ${units[index]}`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** "5 s ago", "3 min ago". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}
