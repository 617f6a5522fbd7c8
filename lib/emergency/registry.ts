import type { AnyProcedure, Procedure, ProcedureId } from "./procedure";

// Procedures register themselves at import time (lib/emergency/procedures/index.ts imports each
// one); the routes and the page read them from here.
const registered = new Map<ProcedureId, AnyProcedure>();

/**
 * Adds a procedure. A second, different procedure under the same id is a programming error,
 * unless `replace` is set (drills and tests swap one in); the previous one is returned so it
 * can be put back.
 */
export function registerProcedure<Input>(procedure: Procedure<Input>, options: { replace?: boolean } = {}): AnyProcedure | undefined {
  const existing = registered.get(procedure.id);
  if (existing && existing !== procedure && !options.replace) throw new Error(`procedure ${procedure.id} is registered twice`);
  registered.set(procedure.id, procedure as AnyProcedure);
  return existing;
}

/** Every registered procedure, in registration order. */
export function procedures(): AnyProcedure[] {
  return [...registered.values()];
}

export function findProcedure(id: string): AnyProcedure | undefined {
  return registered.get(id as ProcedureId);
}
