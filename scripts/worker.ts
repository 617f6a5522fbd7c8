// `npm run worker`: workflow workers in a process of their own, beside (or instead of) the ones
// inside the app instances. Needs DATABASE_URL (the primary) like the app.
import { runWorkflowWorkerProcess } from "@/lib/cluster/worker-role";

await runWorkflowWorkerProcess();
