import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

/**
 * Security headers on every response. Script and style sources allow 'unsafe-inline' because the
 * built app's pages carry Next.js's inline bootstrap scripts and React's style attributes; every
 * other source is this origin only, no page may be framed, no plugin runs, forms post only here.
 * `next dev` also needs 'unsafe-eval' (React's development build).
 */
function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function securityHeaders(dev: boolean) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    // Share links carry their token in the path: never send it to another site.
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ];
}

// Node-only packages (native addons, worker threads, dynamic requires) stay outside the server
// bundle and are loaded from node_modules at runtime.
export default function config(phase: string): NextConfig {
  return {
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
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
    },
  };
}
