// Template drafts: an agency's own copies of catalog templates.
export { registerTemplateDraftRoutes } from "./routes";
