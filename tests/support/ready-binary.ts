import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type OwnServer = { url: string; stop(): Promise<void> };

/**
 * A Prometheus-family server of the test's own (Prometheus, Alertmanager): `files` are written to
 * a fresh directory, `command` is started with `args(dir)` to listen on 127.0.0.1:`port`, and it
 * is ready when `/-/ready` answers. `stop` ends it and removes the directory; a start that fails
 * says what the server last printed.
 */
export async function startReadyBinary(name: string, command: string, port: number, files: Record<string, string>, args: (dir: string) => string[]): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `agency-${name}-`));
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  const child = spawn(command, args(dir), { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", done);
      child.kill("SIGTERM");
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${name} did not become ready: ${log}`);
}
