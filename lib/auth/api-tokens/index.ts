export { registerApiTokenRoutes } from "./routes";
