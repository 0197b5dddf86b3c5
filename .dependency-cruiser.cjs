/**
 * Dependency rules (`npm run depcheck`, part of `npm test`). Every rule is an error.
 * Arrows: app → server (only through tRPC) → plugins/sdk ← plugins/builtin. Nothing imports app.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "app-imports-server-only-via-trpc",
      severity: "error",
      comment:
        "UI code under app/ reaches the server only through tRPC: a type-only import of server/api/root.ts " +
        "(the AppRouter type), server/api/client-types.ts, or server/api/server-caller.ts (the caller for " +
        "server components, which runs the same procedures and guards as HTTP). Route handlers under " +
        "app/api/ are the server boundary and may import server/.",
      from: { path: "^app/", pathNot: "^app/api/" },
      to: { path: "^server/", pathNot: ["^server/api/(root|client-types|server-caller)\\.ts$", "^server/charts/specs/", "^server/format/"] },
    },
    {
      name: "format-is-pure",
      severity: "error",
      comment:
        "server/format/ holds the one status vocabulary and the one money formatter, shared by pages, cells, " +
        "reports and exports: pure functions that import nothing else of the product.",
      from: { path: "^server/format/" },
      to: { path: "^(server|app|plugins)/", pathNot: "^server/format/" },
    },
    {
      name: "chart-specs-are-pure",
      severity: "error",
      comment:
        "server/charts/specs/ holds pure functions from results to Plot options, drawn in the browser and " +
        "rendered to SVG on the server: they import only each other, plugins/sdk types and @observablehq/plot.",
      from: { path: "^server/charts/specs/" },
      to: { path: "^(server|app)/", pathNot: ["^server/charts/specs/", "^server/format/"] },
    },
    {
      name: "app-imports-approuter-type-only",
      severity: "error",
      comment: "Import the AppRouter as a type (`import type { AppRouter } from \"@/server/api/root\"`): a value import bundles the server into the page.",
      from: { path: "^app/", pathNot: "^app/api/" },
      to: { path: "^server/api/root\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "plugins-not-to-server-or-app",
      severity: "error",
      comment: "Plugins run in the worker, the CLI and tests: they import plugins/sdk, never server/ or app/.",
      from: { path: "^plugins/" },
      to: { path: "^(server|app)/" },
    },
    {
      name: "builtin-plugins-only-sdk",
      severity: "error",
      comment: "A built-in plugin imports only plugins/sdk (and files in its own folder), like a third-party plugin would.",
      from: { path: "^plugins/builtin/([^/]+)/" },
      to: { path: "^plugins/", pathNot: ["^plugins/sdk/", "^plugins/builtin/$1/"] },
    },
    {
      name: "builtin-plugin-files-only-sdk",
      severity: "error",
      comment: "Single-file built-ins (plugins/builtin/x.ts) also import only plugins/sdk.",
      from: { path: "^plugins/builtin/[^/]+\\.tsx?$" },
      to: { path: "^plugins/", pathNot: ["^plugins/sdk/"] },
    },
    {
      name: "nothing-imports-app",
      severity: "error",
      comment: "app/ is the top of the graph: server/ and plugins/ never import it.",
      from: { path: "^(server|plugins)/" },
      to: { path: "^app/" },
    },
    {
      name: "server-imports-sdk-index-only",
      severity: "error",
      comment:
        "Server code reaches the plugin SDK through its public index (plugins/sdk/index.ts) and the plugin " +
        "registry (plugins/index.ts, its built-in-free core plugins/registry.ts and the per-id loaders " +
        "plugins/builtin-loaders.ts), as a third-party plugin host would: SDK internals may move.",
      from: { path: "^server/" },
      to: { path: "^plugins/", pathNot: ["^plugins/sdk/index\\.ts$", "^plugins/index\\.ts$", "^plugins/registry\\.ts$", "^plugins/builtin-loaders\\.ts$"] },
    },
    {
      name: "predictions-through-repository",
      severity: "error",
      comment:
        "Prediction storage is reached through its interface (server/predictions/repository.ts) and factory " +
        "(index.ts), the seam a second implementation (PostgreSQL) goes behind. The codec is shared with the " +
        "baseline file reader, which encodes its chunks; the feature contract is shared with the inventory.",
      from: { path: "^(app|server)/", pathNot: "^server/predictions/" },
      to: { path: "^server/predictions/", pathNot: ["^server/predictions/(index|repository|codec|contract)\\.ts$"] },
    },
    {
      name: "files-through-reader",
      severity: "error",
      comment:
        "Files are read through the one reader's API, which yields SDK frames: readFrames (chunks.ts, a chunk " +
        "at a time), readFileFrames (read-parallel.ts, whole local files) and withRoles (to-frame.ts), with the " +
        "frame helpers (frames.ts) and the shared rules (format, columns, cells, missing). Its row readers, " +
        "tables and the CSV/Parquet scanners are internals.",
      from: { path: "^(app|server)/", pathNot: "^server/files/" },
      to: { path: "^server/files/", pathNot: ["^server/files/(chunks|frames|read-parallel|to-frame|format|columns|cells|missing)\\.ts$"] },
    },
    {
      name: "routes-without-prisma",
      severity: "error",
      comment: "Route handlers under app/api/ are thin: they call the v1 layer or a service, never the database directly.",
      from: { path: "^app/api/" },
      to: { path: ["^server/db/", "^server/generated/", "^node_modules/@prisma/", "^node_modules/better-sqlite3/", "^node_modules/pg/"] },
    },
    {
      name: "nothing-imports-tests-or-tools",
      severity: "error",
      comment: "test/, bench/ and scripts/ sit on top of the product: app/, server/, plugins/ and prisma/ never import them.",
      from: { path: "^(app|server|plugins|prisma)/" },
      to: { path: "^(test|bench|scripts)/" },
    },
    {
      name: "jobs-import-only-foundations",
      severity: "error",
      comment:
        "server/jobs/ holds the queue contracts that features import; a feature's processors live in the " +
        "feature (server/notebooks/processors.ts, server/notifications/processors.ts), so no folder loops through jobs.",
      from: { path: "^server/jobs/" },
      to: { path: "^server/", pathNot: ["^server/jobs/", "^server/(env|logger|process-singleton)\\.ts$", "^server/(db|domain|generated)/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "Runtime import cycles (type-only edges are ignored: they vanish at runtime).",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve (typo, or a package that is not installed).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(server/generated/|\\.next/|node_modules/|data/|dist/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
