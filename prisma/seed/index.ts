import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { seedDatabase } from "./seed";

/** `npm run db:seed`: seeds the database named by DATABASE_URL with the demo tenants. */
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write("DATABASE_URL is not set\n");
  process.exit(1);
}
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
try {
  const counts = await seedDatabase(prisma);
  process.stdout.write(`seeded ${counts.tenants} tenants and ${counts.users} users\n`);
} finally {
  await prisma.$disconnect();
}
