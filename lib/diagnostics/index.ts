// Troubleshooting diagnostics: the public surface.
export { registerDiagnosticsRoutes } from "./routes";
export { startDiagnostics } from "./service";
