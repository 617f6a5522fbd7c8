import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaContainer, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import { createEnginePool } from "./char-as-text-client";
import { MigrationSafePrismaPg } from "./migration-adapter";

/** We manage no tables or enums outside schema.prisma. */
export const NO_EXTERNAL_ENTITIES: SchemaFilter = { externalTables: [], externalEnums: [] };

let wasmLoaded: Promise<void> | undefined;

/**
 * Runs `use` with a schema engine connected to `databaseUrl`, then closes every connection it
 * opened (main pool and shadow databases), whether `use` succeeded or not.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: SchemaContainer,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await (wasmLoaded ??= loadEngineWasm());
  const pool = createEnginePool(databaseUrl);
  const adapterFactory = new MigrationSafePrismaPg(pool, databaseUrl);
  try {
    const engine = await engineBindings.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      ignoreEngineLog,
      bindMigrationAwareSqlAdapterFactory(adapterFactory),
    );
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } finally {
    await adapterFactory.dropRemainingShadows();
    await pool.end();
  }
}

// The package's main entry imports the .wasm file as an ES module, which Node 20 cannot do, so
// we instantiate it by hand and wire it up the way that entry would. Once per process: the
// bindings module keeps the instance in a module-level variable.
async function loadEngineWasm(): Promise<void> {
  const bindingsPath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmBytes = await readFile(bindingsPath.replace(/\.js$/, ".wasm"));
  const imports = { "./schema_engine_bg.js": withUnrefTimers(engineBindings) };
  const { instance } = await WebAssembly.instantiate(wasmBytes, imports);
  engineBindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
}

// The engine arms a 10 s setTimeout per operation (a timeout it never clears; the bindings have
// no clearTimeout) and that timer alone kept a finished process alive for 10 s. Unref'd timers
// still fire; while the engine works, its open pg connections keep the process running.
function withUnrefTimers(bindings: typeof engineBindings): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...bindings };
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    imports[name] = (callback: () => void, delayMs: number) => setTimeout(callback, delayMs >>> 0).unref();
  }
  return imports as WebAssembly.ModuleImports;
}

// The engine logs its tracing events as JSON lines; errors still reach us as rejected promises.
function ignoreEngineLog(): void {}
