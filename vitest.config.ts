import { defineConfig } from "vitest/config";

const alias = { "@": import.meta.dirname };

// Two kinds of tests: unit tests sit next to the code (pure, fast); integration tests under
// tests/ talk to real PostgreSQL (a throw-away embedded primary + replica, and the machine's
// server too when TEST_EXTERNAL_DATABASE_URL is given) and real Redis where they need it.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          pool: "forks",
          fileParallelism: false,
          hookTimeout: 120_000,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
