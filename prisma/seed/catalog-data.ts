/** Demo catalog content: what an agency's workflows look like (templates: template-library-data.ts). */

export const WORKFLOWS = ["Publish weekly newsletter", "Sync CRM contacts", "Generate monthly client report", "Refresh SEO audit", "Send invoice reminders"];

/** The demo workflows' steps (lib/workflows/schemas.ts): short waits and transforms, runnable offline. */
export const WORKFLOW_STEPS: Record<string, unknown[]> = {
  "Publish weekly newsletter": [
    { id: "collect-posts", type: "transform", config: { expression: { issue: "Week {{$input.week}}", audience: "{{$input.audience}}" } } },
    { id: "render", type: "delay", config: { ms: 1500 } },
    { id: "summary", type: "transform", config: { expression: { published: true, note: "Newsletter rendered after {{waitedMs}} ms" } } },
  ],
  "Sync CRM contacts": [
    { id: "fetch-contacts", type: "delay", config: { ms: 800 } },
    { id: "flaky-upstream", type: "fail", config: { message: "CRM rate limit (429)", times: 1 } },
    { id: "report", type: "transform", config: { expression: { synced: true, recoveredOnAttempt: "{{passedOnAttempt}}" } } },
  ],
  "Generate monthly client report": [
    { id: "gather", type: "delay", config: { ms: 2000 } },
    { id: "shape", type: "transform", config: { expression: { client: "{{$input.client}}", pages: 12 } } },
  ],
  "Refresh SEO audit": [
    { id: "crawl", type: "delay", config: { ms: 3000 } },
    { id: "score", type: "transform", config: { expression: { crawledForMs: "{{waitedMs}}", grade: "B" } } },
  ],
  "Send invoice reminders": [
    { id: "select-overdue", type: "transform", config: { expression: { overdue: 3 } } },
    { id: "mail-provider", type: "fail", config: { message: "mail provider unavailable" } },
  ],
};

/** Small deterministic generator so every seeded database looks the same. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
