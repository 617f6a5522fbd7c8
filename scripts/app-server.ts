import { spawn, type ChildProcess } from "node:child_process";
import { findFreePort } from "./embedded-cluster";

/** A server process of a benchmark's or a test's own; stop() ends it and everything it started. */
export type AppServer = { url: string; stop(): Promise<void>; /** The process group: the server and everything it started. */ processGroup: number };

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** Each server runs in its own process group, so stopping it reaches everything it started. */
export async function startServer(command: string, args: string[], port: number, readyPath: string, env: Record<string, string> = {}): Promise<AppServer> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      process.kill(-child.pid!, "SIGTERM");
    });
  try {
    await waitFor(`${url}${readyPath}`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, processGroup: child.pid! };
}

/** The production server on a throw-away embedded primary + replica, seeded, as `npm start` runs it. */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const port = await findFreePort();
  return startServer("node_modules/.bin/tsx", ["scripts/start.ts", "--ephemeral"], port, "/api/health", {
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    ...env,
  });
}

