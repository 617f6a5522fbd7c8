// Scaling checklists: events, checklist revisions, sign-off, and the records their checks read.
// Other domains use this file only.
export { openScalingEvent } from "./events";
export type { OpenScalingEventInput } from "./events";
export { recordDrill } from "./records";
export type { RecordDrillInput } from "./records";
export { registerChecklistRoutes } from "./routes";
