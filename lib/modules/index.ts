// The module registry's public surface for other domains.
export { registerModuleRoutes } from "./routes";
export { moduleRuntime, startModuleRuntime, createModuleRuntime, type ModuleRuntime } from "./runtime";
export { activateModules } from "./service";
export { activationResultSchema, type ActivationResultOutput } from "./schemas";
