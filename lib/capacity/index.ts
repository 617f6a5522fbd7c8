// Capacity: how many app instances run, and the only way that changes (scaleTo).
export { scaleTo, sharedOrchestrator } from "./scale-to";
