// The baseline: bare node:http answering a fixed JSON body, by default the one /api/health
// answers; `node bench/bare-server.mjs <port> [body.json]` answers that file's bytes instead.
import { readFileSync } from "node:fs";
import http from "node:http";

const port = Number(process.argv[2]);
const body = process.argv[3] ? readFileSync(process.argv[3]) : JSON.stringify({ status: "ok" });
http
  .createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
  })
  .listen(port, "127.0.0.1", () => process.stdout.write("ready\n"));
