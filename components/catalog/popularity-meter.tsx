import { POPULARITY_MAX } from "@/lib/templates/schemas";

const EXPLANATION = `How much agencies use this template, from 0 to ${POPULARITY_MAX}: admins set a starting score, and every "Use template" nudges it up, less the closer it is to ${POPULARITY_MAX}.`;

/** "Popularity 9.2 / 10" with its bar and a tooltip saying what the number means. */
export function PopularityMeter({ score, size = "small" }: { score: number; size?: "small" | "large" }) {
  const rounded = Math.round(score * 10) / 10;
  const percent = Math.min(100, Math.max(0, (score / POPULARITY_MAX) * 100));
  return (
    <div className={`flex min-w-0 items-center gap-2 ${size === "large" ? "text-sm" : "text-xs"} text-muted`} title={EXPLANATION}>
      <span>Popularity</span>
      <span
        role="meter"
        aria-label="Popularity"
        aria-valuemin={0}
        aria-valuemax={POPULARITY_MAX}
        aria-valuenow={rounded}
        aria-valuetext={`${rounded.toFixed(1)} out of ${POPULARITY_MAX}`}
        aria-description={EXPLANATION}
        className={`${size === "large" ? "h-2 w-32" : "h-1.5 w-12"} shrink-0 overflow-hidden rounded-full bg-line`}
      >
        <span className="block h-full rounded-full bg-accent" style={{ width: `${percent}%` }} />
      </span>
      <span className="whitespace-nowrap tabular-nums text-ink">
        {rounded.toFixed(1)} / {POPULARITY_MAX}
      </span>
    </div>
  );
}
