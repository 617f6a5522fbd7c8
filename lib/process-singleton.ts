/**
 * One instance per process. Next.js evaluates a module once per bundle (pages, instrumentation)
 * and the custom server loads lib/ again outside Next, so a plain module-level `const` would
 * silently split registries, pools and breaker state. globalThis is shared by all of them.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`agency-toolkit.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  let value = store[key];
  if (value === undefined) {
    value = create();
    store[key] = value;
  }
  return value;
}
