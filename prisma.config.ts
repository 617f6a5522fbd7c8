import { defineConfig } from "prisma/config";

// Prisma 7 keeps the connection out of the schema. Only `prisma generate` reads this file here;
// migrations go through scripts/migrate.ts (the CLI's migrate commands need a native engine).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
