export type StartSeed = { demo: boolean; reason: string };

/**
 * What `npm start` seeds: demo data on its embedded database (a demo by nature) or when asked
 * for with `--demo`; on an operator's database nothing but the guide's default scaling rules,
 * which are the product's settings, not demo data. So demo accounts never appear there unasked,
 * and deleted ones stay deleted across restarts.
 */
export function chooseStartSeed(options: { externalDatabase: boolean; demoRequested: boolean }): StartSeed {
  if (options.demoRequested) return { demo: true, reason: "asked for with --demo" };
  if (!options.externalDatabase) return { demo: true, reason: "embedded database" };
  return { demo: false, reason: "external database; `npm start -- --demo` seeds the demo tenants and accounts" };
}
