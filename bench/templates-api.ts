import { DEMO_PASSWORD } from "../prisma/seed/demo-data";
import type { BenchOptions, BenchReport } from "./report";
import { load, measurementTable, startAppServer } from "./servers";

/** A signed-in member listing a category's templates through the API, served from the replica. */
export async function runTemplatesApiBench(options: BenchOptions): Promise<BenchReport> {
  const app = await startAppServer();
  try {
    const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ email: "member@agency.test", password: DEMO_PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed with ${signIn.status}`);
    const cookie = signIn.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
    // Wait until the replica is in the read rotation, so the run measures replica reads.
    for (let attempt = 0; attempt < 100; attempt++) {
      const ready = (await (await fetch(`${app.url}/api/ready`)).json()) as { checks: { db: { replicas: { inRotation: boolean }[] } } };
      if (ready.checks.db.replicas.every((replica) => replica.inRotation)) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const url = `${app.url}/api/v1/templates?category=landing-pages&limit=20`;
    const result = await load("GET /api/v1/templates?category=landing-pages&limit=20", url, options, { cookie });
    const metrics = await (await fetch(`${app.url}/api/metrics`)).text();
    const replicaReads = Number(metrics.match(/^db_reads_total\{target="replica1",reason="in_rotation"\} (\d+)/m)?.[1] ?? 0);
    const markdown = [
      `## Category listing through the API (${options.connections} connections, ${options.durationSeconds} s, signed-in member)`,
      "",
      measurementTable([result]),
      "",
      `Reads answered by replica1 during the run (db_reads_total): ${replicaReads}`,
    ].join("\n");
    return { name: "templates-api", markdown, data: { ...options, result, replicaReads } };
  } finally {
    await app.stop();
  }
}
