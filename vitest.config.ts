import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@/server": path.resolve(import.meta.dirname, "server"),
      "@/plugins": path.resolve(import.meta.dirname, "plugins"),
      "@/app": path.resolve(import.meta.dirname, "app"),
    },
  },
  test: {
    globalSetup: ["test/setup/global.ts"],
    testTimeout: 60_000, // a ceiling for a loaded 2-core CI machine, not a speed goal (goals live in bench/)
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ["default"],
    // Unit tests share one process per worker (no module re-import per file: a third of the unit
    // run's CPU was importing); everything that starts servers, workers or browsers keeps its own.
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"], isolate: false } },
      { extends: true, test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: ["test/unit/**"] } },
    ],
  },
});
