// The notification center and direct webhooks: the public surface other modules use.
export { registerNotificationRoutes } from "./routes";
export { Notifier } from "./notifier";
