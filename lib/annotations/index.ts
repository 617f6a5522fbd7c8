// Chart annotations: what happened (procedures, alerts, scaling) on the ops timeline.
export { registerAnnotationRoutes } from "./routes";
