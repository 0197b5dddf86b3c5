import type { NextConfig } from "next";

// Node-only packages (native addons, worker threads, dynamic requires) stay outside the server
// bundle and are loaded from node_modules at runtime.
const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@prisma/adapter-better-sqlite3",
    "better-sqlite3",
    "pino",
    "bullmq",
    "ioredis",
    "jsdom",
  ],
  // Types are checked once, by `tsc --noEmit` (npm run typecheck; a stage of npm test). Checking
  // them again inside `next build` would also make a type error in a test file stop `npm start`.
  typescript: { ignoreBuildErrors: true },
  // Telemetry is also disabled via NEXT_TELEMETRY_DISABLED=1 in scripts/start.mjs and test.mjs.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
