import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../lib/db/client";
import { defaultDbSettings } from "../lib/db/config";
import { DEFAULT_MODULE_SETTINGS } from "../lib/modules/config";
import { createModuleRuntime, type ModuleRuntime } from "../lib/modules";
import { parseRequirement } from "../lib/modules/rules";
import { seededRandom } from "../prisma/seed/catalog-data";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import { timeRuns } from "./measure";
import type { BenchOptions, BenchReport } from "./report";

const MODULES = 500;
/** Ten layers of 50: every module requires 1-3 of the layer below (and sometimes one deeper), so chains are 9 levels deep. */
const LAYERS = 10;
const RUNS = 50;

type GeneratedModule = { key: string; versions: { version: string; requires: string[] }[] };

function generateRegistry(): GeneratedModule[] {
  const random = seededRandom(500);
  const perLayer = MODULES / LAYERS;
  const keyOf = (layer: number, index: number) => `gen-${layer}-${index}`;
  const modules: GeneratedModule[] = [];
  for (let layer = 0; layer < LAYERS; layer += 1) {
    for (let index = 0; index < perLayer; index += 1) {
      const versions = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, minor) => {
        const requires = new Set<string>();
        if (layer > 0) {
          const count = 1 + Math.floor(random() * 3);
          for (let n = 0; n < count; n += 1) requires.add(`${keyOf(layer - 1, Math.floor(random() * perLayer))}@^1`);
          if (layer > 1 && random() < 0.3) requires.add(`${keyOf(Math.floor(random() * (layer - 1)), Math.floor(random() * perLayer))}@>=1.0.0`);
        }
        return { version: `1.${minor}.0`, requires: [...requires] };
      });
      modules.push({ key: keyOf(layer, index), versions });
    }
  }
  return modules;
}

/**
 * Dependency resolution over a generated 500-module registry on the embedded primary: cold (empty
 * registry and resolution caches: closure loaded level by level, then solved), solved with the
 * registry cached, and served from the resolution cache.
 */
export async function runModuleResolutionBench(_options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-modules-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: [] });
  const runtimes: ModuleRuntime[] = [];
  const newRuntime = () => {
    const runtime = createModuleRuntime({ primary: database.primary, read: (query) => query(database.primary), settings: DEFAULT_MODULE_SETTINGS });
    runtime.runner.stop();
    runtimes.push(runtime);
    return runtime;
  };
  try {
    await deployMigrations(cluster.primaryUrl);
    const registry = generateRegistry();
    for (const module of registry) {
      const row = await database.primary.module.create({ data: { key: module.key, name: module.key }, select: { id: true } });
      await database.primary.moduleVersion.createMany({ data: module.versions.map((version) => ({ moduleId: row.id, ...version })) });
    }
    // Five modules of the top layer: their closure reaches most of the registry.
    const requested = [0, 10, 20, 30, 40].map((index) => parseRequirement(`gen-${LAYERS - 1}-${index}`)!);

    const probe = await newRuntime().resolver.resolve(requested);
    if (!probe.result.ok) throw new Error(`the generated registry does not resolve: ${probe.result.failure.message}`);
    const resolvedModules = probe.result.order.length;
    const deepestLevel = Math.max(...probe.result.order.map((module) => module.level));

    const cold = await timeRuns(RUNS, () => newRuntime().resolver.resolve(requested));
    const warm = newRuntime();
    const solved = await timeRuns(RUNS, async () => {
      warm.resolver.clear();
      await warm.resolver.resolve(requested);
    });
    const cached = await timeRuns(RUNS * 20, () => warm.resolver.resolve(requested));

    const markdown = [
      `### Module dependency resolution (${MODULES}-module registry, ${resolvedModules} modules resolved, ${deepestLevel} levels deep)`,
      "",
      "| resolution | median ms | p95 ms |",
      "|---|---:|---:|",
      `| cold: empty registry and resolution caches (closure loaded from PostgreSQL, then solved) | ${cold.medianMs} | ${cold.p95Ms} |`,
      `| registry cached, resolution not cached (solve only) | ${solved.medianMs} | ${solved.p95Ms} |`,
      `| cached resolution | ${cached.medianMs} | ${cached.p95Ms} |`,
    ].join("\n");
    return { name: "module-resolution", markdown, data: { modules: MODULES, resolvedModules, deepestLevel, cold, solved, cached } };
  } finally {
    await database.close();
    await cluster.stop();
  }
}
