#!/usr/bin/env node
// `npm run depcheck` (and the depcruise stage of `npm test`): the dependency rules in
// .dependency-cruiser.cjs over every folder that holds code, then one check depcruise cannot
// express: no import cycle between folders (server/jobs → server/notebooks → server/jobs is a
// loop even when no single file imports itself back). Type-only imports do not count.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEPCRUISE = path.join(ROOT, "node_modules", ".bin", "depcruise");
export const CODE_DIRS = ["app", "server", "plugins", "test", "bench", "scripts", "prisma"];
/** A folder is server/<name> or plugins/<name>; files straight under server/ are their own node. */
const FOLDER = "^(server|plugins)/[^/]+";

function depcruise(args) {
  const dirs = CODE_DIRS.filter((d) => existsSync(path.join(ROOT, d)));
  return spawnSync(DEPCRUISE, [...dirs, "--config", ".dependency-cruiser.cjs", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Strongly connected components with more than one folder (Tarjan). */
export function folderCycles(edges) {
  const graph = new Map();
  for (const [from, to] of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    if (from !== to) graph.get(from).add(to);
  }
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

function main() {
  const rules = depcruise([]);
  process.stdout.write(rules.stdout);
  process.stderr.write(rules.stderr);
  if (rules.status !== 0) return rules.status || 1;

  const graph = depcruise(["--output-type", "json"]);
  if (graph.status !== 0) {
    process.stderr.write(graph.stderr);
    return graph.status || 1;
  }
  const folderOf = (file) => file.match(FOLDER)?.[0] ?? null;
  const edges = [];
  for (const mod of JSON.parse(graph.stdout).modules) {
    const from = folderOf(mod.source);
    if (!from) continue;
    for (const dep of mod.dependencies) {
      const to = folderOf(dep.resolved);
      if (to && to !== from && !dep.dependencyTypes.includes("type-only")) edges.push([from, to, `${mod.source} → ${dep.resolved}`]);
    }
  }
  const cycles = folderCycles(edges);
  if (cycles.length === 0) {
    console.log("✔ no import cycles between folders");
    return 0;
  }
  for (const c of cycles) {
    const inCycle = new Set(c);
    const arrows = edges.filter(([a, b]) => inCycle.has(a) && inCycle.has(b)).map(([, , files]) => files);
    console.error(`✖ folder-cycle: ${c.join(", ")} import each other:\n    ${arrows.join("\n    ")}`);
  }
  console.error("\nA folder may import another only one way round: move the shared piece down, or pass it in.");
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
