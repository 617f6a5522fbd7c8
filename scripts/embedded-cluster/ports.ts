import net from "node:net";

// Ports already returned by findFreePort in this process: the OS may pick the same ephemeral port
// twice in a row once it is closed again, e.g. for a primary and its replica.
const handedOutPorts = new Set<number>();

/** A port that was free a moment ago (the OS picks it); good enough for tests on one machine. */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await askOsForFreePort();
    if (handedOutPorts.has(port)) continue;
    handedOutPorts.add(port);
    return port;
  }
}

export function assertPortIsFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      const problem = err.code === "EADDRINUSE" ? "is already in use; is another cluster running?" : `cannot be used (${err.code})`;
      reject(new Error(`Port ${port} on 127.0.0.1 ${problem}`, { cause: err }));
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

function askOsForFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not determine a free port"))));
    });
  });
}
