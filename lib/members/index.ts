export { registerMemberRoutes } from "./routes";
