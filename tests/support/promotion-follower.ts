// A second app process for tests/promotion-broadcast.test.ts. It opens the process's database
// (its replica health check set far apart by the test) and the promotion listener, then tells
// the test, over IPC, when its writes move to another server.
import { db } from "@/lib/db/client";
import "@/lib/emergency/procedures/replica-promotion";

const send = (message: object) => process.send?.(message);

db().promotion.onPrimaryChanged((url) => send({ type: "primary-changed", url, at: Date.now() }));
// The first health check and the first write-pool connection settle before the test promotes.
await db().primary.$queryRaw`select 1`;
send({ type: "ready" });
setInterval(() => {}, 60_000);
process.on("disconnect", () => process.exit(0));
