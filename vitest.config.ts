import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@/server": path.resolve(__dirname, "server"),
      "@/plugins": path.resolve(__dirname, "plugins"),
      "@/app": path.resolve(__dirname, "app"),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/global.ts"],
    testTimeout: 60_000, // a ceiling for a loaded 2-core CI machine, not a speed goal (goals live in bench/)
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ["default"],
  },
});
