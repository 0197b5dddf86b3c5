#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no build step).
import { register } from "tsx/esm/api";

process.env.EVALBOOK_CLI = "1";
register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../server/cli/main.ts");
