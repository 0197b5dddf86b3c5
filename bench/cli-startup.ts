/**
 * `evalbook evaluate` start-up (issue 18: ≤ 80 ms before the first byte is read), measured the way
 * production runs it: bin/evalbook.cjs (bin/evalbook.mjs in older checkouts) on the compiled bundle, EVALBOOK_TIMING=1, which prints
 * "[timing] plugins loaded: … (since start S s, cpu C s)" just before the input is opened. S is
 * performance.now() — milliseconds since the process's time origin, taken by Node as it starts —
 * and C the process's CPU time (user + system) so far. Median of `runs`, after one warm-up run.
 * bench/footprint.ts prints it; `npx tsx bench/cli-startup.ts [ROOT]` prints it alone (ROOT: an
 * other checkout's folder, for a before/after figure).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface CliStartup {
  /** medians, ms */
  wallMs: number;
  cpuMs: number;
  /** a bare `node -e` reaching its first line: the floor on this machine at this load */
  bareWallMs: number;
  bareCpuMs: number;
  runs: number;
  load: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function measureCliStartup(root: string, env: NodeJS.ProcessEnv = process.env, runs = 10): CliStartup {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-cli-startup-"));
  try {
    const csv = path.join(tmp, "one.csv");
    writeFileSync(csv, "a\n1\n2\n3\n");
    const args = [path.join(root, "bin", existsSync(path.join(root, "bin", "evalbook.cjs")) ? "evalbook.cjs" : "evalbook.mjs"), "evaluate", "--plugin", "data.quality", "--current", csv];
    spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" }); // warm-up: a first build, the disk cache
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, args, { cwd: root, env: { ...env, EVALBOOK_TIMING: "1", EVALBOOK_PROCESS: "cli" }, encoding: "utf8" });
      const out = `${r.stdout}${r.stderr}`;
      const m = /\[timing\] plugins loaded: [\d.]+ s \(since start ([\d.]+) s, cpu ([\d.]+) s\)/.exec(out);
      if (!m) throw new Error(`evalbook evaluate printed no timing:\n${out}`);
      wall.push(Number(m[1]) * 1000);
      cpu.push(Number(m[2]) * 1000);
    }
    const bareWall: number[] = [];
    const bareCpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ["-e", "const c = process.cpuUsage(); process.stdout.write(performance.now() + ' ' + (c.user + c.system) / 1000)"], { encoding: "utf8" });
      const [w, c] = r.stdout.split(" ").map(Number);
      bareWall.push(w!);
      bareCpu.push(c!);
    }
    return { wallMs: median(wall), cpuMs: median(cpu), bareWallMs: median(bareWall), bareCpuMs: median(bareCpu), runs, load: os.loadavg().map((l) => l.toFixed(2)).join(" ") };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function describeCliStartup(s: CliStartup): string {
  return `${Math.round(s.wallMs)} ms wall, ${Math.round(s.cpuMs)} ms CPU (median of ${s.runs}); bare node ${Math.round(s.bareWallMs)} ms wall, ${Math.round(s.bareCpuMs)} ms CPU; load ${s.load}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  console.log(`evalbook evaluate start-up (before the first byte), ${root}: ${describeCliStartup(measureCliStartup(root))}`);
}
