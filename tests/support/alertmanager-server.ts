import http from "node:http";
import type { AddressInfo } from "node:net";
import { findFreePort } from "@/scripts/embedded-cluster";
import { startReadyBinary, type OwnServer } from "./ready-binary";

export type OwnAlertmanager = OwnServer;

/** Debian's Alertmanager binary, as the package installs it. */
export const ALERTMANAGER_BINARY = "/usr/bin/prometheus-alertmanager";

/**
 * A real Alertmanager of the test's own: its own port and storage directory, clustering off
 * (`--cluster.listen-address=`), configured with `configYaml`; on `port` when the app under
 * test was told where to find it before it started.
 */
export async function startOwnAlertmanager(configYaml: string, options: { port?: number } = {}): Promise<OwnAlertmanager> {
  const port = options.port ?? (await findFreePort());
  return startReadyBinary("alertmanager", ALERTMANAGER_BINARY, port, { "alertmanager.yml": configYaml }, (dir) => [
    `--config.file=${dir}/alertmanager.yml`,
    `--storage.path=${dir}/data`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--cluster.listen-address=",
    "--log.level=warn",
  ]);
}

/** What Alertmanager's webhook receiver posts (version 4), as far as the tests read it. */
export type WebhookAlert = { status: "firing" | "resolved"; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string };
export type WebhookMessage = { receiver: string; status: "firing" | "resolved"; alerts: WebhookAlert[] };

export type WebhookReceiver = {
  url: string;
  messages: WebhookMessage[];
  /** The first message (received so far or later) that `match` accepts. */
  waitFor(match: (message: WebhookMessage) => boolean, timeoutMs?: number): Promise<WebhookMessage>;
  close(): Promise<void>;
};

/** A local HTTP server that records every webhook notification posted to it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const messages: WebhookMessage[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      messages.push(JSON.parse(Buffer.concat(chunks).toString()) as WebhookMessage);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    messages,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = messages.find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no matching webhook message within ${timeoutMs} ms; received: ${JSON.stringify(messages)}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A test configuration: everything to the receiver at once, resolves included, regrouped every second. */
export function webhookConfig(receiverUrl: string): string {
  return [
    "route:",
    "  receiver: test-hook",
    "  group_by: [alertname, rule_id]",
    "  group_wait: 100ms",
    "  group_interval: 1s",
    "  repeat_interval: 1h",
    "receivers:",
    "  - name: test-hook",
    "    webhook_configs:",
    `      - url: ${receiverUrl}`,
    "        send_resolved: true",
    "",
  ].join("\n");
}
