/** Load settings every benchmark accepts (`npm run bench -- <name> --duration 10 --connections 50`). */
export type BenchOptions = { durationSeconds: number; connections: number };

/** What a benchmark hands back: a Markdown section for people and data for machines. */
export type BenchReport = { name: string; markdown: string; data: Record<string, unknown> };
