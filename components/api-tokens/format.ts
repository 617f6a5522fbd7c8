/** "in 29 d", "in 5 h", "expired 2 d ago": when a token stops working, relative to `nowMs`. */
export function formatExpiry(iso: string, nowMs: number): string {
  const ms = Date.parse(iso) - nowMs;
  const magnitude = formatSpan(Math.abs(ms));
  return ms > 0 ? `in ${magnitude}` : `expired ${magnitude} ago`;
}

function formatSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** "1 token", "3 tokens". */
export function formatTokenCount(count: number): string {
  return `${count} ${count === 1 ? "token" : "tokens"}`;
}
