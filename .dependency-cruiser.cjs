/**
 * Dependency rules (`npm run depcheck`, part of `npm test`). Every rule is an error.
 * Arrows: app → server (only through tRPC) → plugins/sdk ← plugins/builtin. Nothing imports app.
 */
/**
 * One forbidden arrow: imports from `from` to `to` fail the check (every rule is an error), and
 * `comment` says why.
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
const forbid = (name, from, to, comment) => ({ name, severity: "error", comment, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid("app-imports-server-only-via-trpc", { path: "^app/", pathNot: "^app/api/" },
      { path: "^server/", pathNot: ["^server/api/(root|client-types|server-caller)\\.ts$", "^server/charts/specs/", "^server/format/"] },
      "UI code under app/ reaches the server only through tRPC: a type-only import of server/api/root.ts " +
        "(the AppRouter type), server/api/client-types.ts, or server/api/server-caller.ts (the caller for " +
        "server components, which runs the same procedures and guards as HTTP). Route handlers under " +
        "app/api/ are the server boundary and may import server/."),
    forbid("format-is-pure", { path: "^server/format/" }, { path: "^(server|app|plugins)/", pathNot: "^server/format/" },
      "server/format/ holds the one status vocabulary and the one money formatter, shared by pages, cells, " +
        "reports and exports: pure functions that import nothing else of the product."),
    forbid("chart-specs-are-pure", { path: "^server/charts/specs/" },
      { path: "^(server|app)/", pathNot: ["^server/charts/specs/", "^server/format/"] },
      "server/charts/specs/ holds pure functions from results to Plot options, drawn in the browser and " +
        "rendered to SVG on the server: they import only each other, plugins/sdk types and @observablehq/plot."),
    forbid("app-imports-approuter-type-only", { path: "^app/", pathNot: "^app/api/" },
      { path: "^server/api/root\\.ts$", dependencyTypesNot: ["type-only"] },
      "Import the AppRouter as a type (`import type { AppRouter } from \"@/server/api/root\"`): a value import bundles the server into the page."),
    forbid("plugins-not-to-server-or-app", { path: "^plugins/" }, { path: "^(server|app)/" },
      "Plugins run in the worker, the CLI and tests: they import plugins/sdk, never server/ or app/."),
    forbid("builtin-plugins-only-sdk", { path: "^plugins/builtin/([^/]+)/" },
      { path: "^plugins/", pathNot: ["^plugins/sdk/", "^plugins/builtin/$1/"] },
      "A built-in plugin imports only plugins/sdk (and files in its own folder), like a third-party plugin would."),
    forbid("builtin-plugin-files-only-sdk", { path: "^plugins/builtin/[^/]+\\.tsx?$" }, { path: "^plugins/", pathNot: ["^plugins/sdk/"] },
      "Single-file built-ins (plugins/builtin/x.ts) also import only plugins/sdk."),
    forbid("nothing-imports-app", { path: "^(server|plugins)/" }, { path: "^app/" },
      "app/ is the top of the graph: server/ and plugins/ never import it."),
    forbid("server-imports-sdk-index-only", { path: "^server/" },
      { path: "^plugins/", pathNot: ["^plugins/sdk/index\\.ts$", "^plugins/index\\.ts$", "^plugins/registry\\.ts$", "^plugins/builtin-loaders\\.ts$"] },
      "Server code reaches the plugin SDK through its public index (plugins/sdk/index.ts) and the plugin " +
        "registry (plugins/index.ts, its built-in-free core plugins/registry.ts and the per-id loaders " +
        "plugins/builtin-loaders.ts), as a third-party plugin host would: SDK internals may move."),
    forbid("predictions-through-repository", { path: "^(app|server)/", pathNot: "^server/predictions/" },
      { path: "^server/predictions/", pathNot: ["^server/predictions/(index|repository|codec|contract)\\.ts$"] },
      "Prediction storage is reached through its interface (server/predictions/repository.ts) and factory " +
        "(index.ts), the seam a second implementation (PostgreSQL) goes behind. The codec is shared with the " +
        "baseline file reader, which encodes its chunks; the feature contract is shared with the inventory."),
    forbid("files-through-reader", { path: "^(app|server)/", pathNot: "^server/files/" },
      { path: "^server/files/", pathNot: ["^server/files/(chunks|frames|read-parallel|to-frame|format|columns|cells|missing)\\.ts$"] },
      "Files are read through the one reader's API, which yields SDK frames: readFrames (chunks.ts, a chunk " +
        "at a time), readFileFrames (read-parallel.ts, whole local files) and withRoles (to-frame.ts), with the " +
        "frame helpers (frames.ts) and the shared rules (format, columns, cells, missing). Its row readers, " +
        "tables and the CSV/Parquet scanners are internals."),
    forbid("routes-without-prisma", { path: "^app/api/" },
      { path: ["^server/db/", "^server/generated/", "^node_modules/@prisma/", "^node_modules/better-sqlite3/", "^node_modules/pg/"] },
      "Route handlers under app/api/ are thin: they call the v1 layer or a service, never the database directly."),
    forbid("nothing-imports-tests-or-tools", { path: "^(app|server|plugins|prisma)/" }, { path: "^(test|bench|scripts)/" },
      "test/, bench/ and scripts/ sit on top of the product: app/, server/, plugins/ and prisma/ never import them."),
    forbid("jobs-import-only-foundations", { path: "^server/jobs/" },
      { path: "^server/", pathNot: ["^server/jobs/", "^server/(env|logger|process-singleton)\\.ts$", "^server/(db|domain|generated)/"] },
      "server/jobs/ holds the queue contracts that features import; a feature's processors live in the " +
        "feature (server/notebooks/processors.ts, server/notifications/processors.ts), so no folder loops through jobs."),
    forbid("no-circular", {}, { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
      "Runtime import cycles (type-only edges are ignored: they vanish at runtime)."),
    forbid("not-to-unresolvable", {}, { couldNotResolve: true },
      "An import that does not resolve (typo, or a package that is not installed)."),
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
