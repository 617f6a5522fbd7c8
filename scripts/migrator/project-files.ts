import path from "node:path";
import { readFile } from "node:fs/promises";
import type { SchemaContainer } from "@prisma/schema-engine-wasm";

// Resolved from this file rather than the working directory, so the test setup and the start
// supervisor can import deployMigrations from anywhere.
const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

const SCHEMA_PATH = path.join(REPO_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma/migrations");

export async function readPrismaSchema(): Promise<SchemaContainer> {
  return { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, "utf8") };
}

/** A path for messages: relative to the repo root, where people run the script from. */
export function displayPath(absolutePath: string): string {
  return path.relative(REPO_ROOT, absolutePath);
}
