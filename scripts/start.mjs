// `npm start` on a fresh clone: install dependencies when they are missing or out of date,
// then hand over to the TypeScript supervisor (scripts/start.ts). Plain JavaScript on purpose:
// it must run before anything is installed.
import { ensureDependencies, runTsx } from "./bootstrap.mjs";

ensureDependencies();
runTsx("scripts/start.ts", process.argv.slice(2));
