import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// Production requires a metrics token; the servers the tests start (this one and the specs' own,
// which inherit the runner's environment) share this one, and every request of the tests carries it.
process.env.METRICS_TOKEN ??= "e2e-metrics-token-0123456789abcdef";
const METRICS_AUTHORIZATION = `Bearer ${process.env.METRICS_TOKEN}`;

// The server under test is the production build on a throw-away embedded primary + replica,
// started exactly as `npm start` starts it.
export default defineConfig({
  testDir: "e2e",
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: ".test-results/playwright.json" }]],
  use: {
    baseURL,
    extraHTTPHeaders: { origin: baseURL, authorization: METRICS_AUTHORIZATION },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "npx tsx scripts/start.ts --ephemeral",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(PORT),
      APP_URL: baseURL,
      LOG_LEVEL: "warn",
      SIGN_IN_MAX_ATTEMPTS: "5",
      METRICS_SAMPLE_INTERVAL_SECONDS: "1",
      AUTOSCALING_ENABLED: "false",
      // The notifications spec's webhook receiver (the only loopback address webhooks may reach).
      NOTIFICATION_WEBHOOK_ALLOWED_ADDRESSES: `127.0.0.1:${PORT + 1}`,
      // The alerting spec starts a real Alertmanager on this port.
      ALERTMANAGER_URLS: `http://127.0.0.1:${PORT + 3}`,
      // The worker-fleet spec starts 160 runs at once to fill the queue; the per-person start
      // rate (tested in the integration tests) would refuse most of them.
      WORKFLOW_USER_START_BURST: "1000",
    },
    stdout: "pipe",
  },
});
