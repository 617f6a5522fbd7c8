import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Programs the tests drive, and the Debian package each comes from. */
const REQUIRED = [
  { program: "/usr/bin/chromium", pkg: "chromium" }, // end-to-end tests (Playwright)
  { program: "/usr/bin/redis-server", pkg: "redis-server" }, // tests that kill a Redis of their own
  { program: "/usr/bin/prometheus", pkg: "prometheus" }, // a real Prometheus scraping the app (also ships promtool)
  { program: "/usr/sbin/nginx", pkg: "nginx" }, // the exported load-balancer config, run for real
  { program: "/usr/bin/prometheus-alertmanager", pkg: "prometheus-alertmanager" }, // a real Alertmanager receiving alerts (also ships amtool)
];

/**
 * Installs what is missing with apt-get when we may (root with apt), else stops at once with the
 * exact command to run. A missing program never turns into skipped tests.
 */
export function ensureSystemPackages() {
  const missing = REQUIRED.filter(({ program }) => !existsSync(program)).map(({ pkg }) => pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    process.stderr.write(`The tests need ${missing.join(", ")}. Install with:\n  sudo sh -c '${command}'\n`);
    process.exit(1);
  }
  process.stdout.write(`installing ${missing.join(", ")} (${command})…\n`);
  const result = spawnSync("sh", ["-c", command], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (result.status !== 0) {
    process.stderr.write(`could not install ${missing.join(", ")}; run: ${command}\n`);
    process.exit(1);
  }
}
