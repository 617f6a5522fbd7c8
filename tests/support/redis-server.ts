import { spawn, type ChildProcess } from "node:child_process";
import { findFreePort } from "@/scripts/embedded-cluster";

export type OwnRedis = {
  url: string;
  port: number;
  kill(): Promise<void>;
  /** Starts a fresh (empty) server on the same port after kill(), as after a crash and restart. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, like a Redis stuck on a slow command. */
  pause(): void;
  resume(): void;
};

/** A redis-server of the test's own, on a free port, that the test may kill. Keeps nothing on disk. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await findFreePort();
  let child = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => stop(child),
    restart: async () => {
      await stop(child);
      child = await spawnRedis(port);
    },
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", reject);
  });
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
