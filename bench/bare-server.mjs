// The baseline: bare node:http answering the same body /api/health answers.
import http from "node:http";

const body = JSON.stringify({ status: "ok" });
const port = Number(process.argv[2]);
http
  .createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
  })
  .listen(port, "127.0.0.1", () => process.stdout.write("ready\n"));
