/**
 * The measured side of bench/parquet.ts: reads one Parquet file with `evalbook evaluate`'s reader
 * (server/files/read-table.ts) in a fresh process and prints one JSON line. Run under tsx, or
 * bundled by esbuild like the CLI (hyparquet inside) and run by plain `node`.
 *
 * The peak is the process's own high-water mark (VmHWM). getrusage's maxRSS is not: on Linux the
 * child of a fork starts with its parent's resident pages counted and keeps that count across
 * exec, so a reader spawned by a bench that has just written 80 MB reported the bench's RSS
 * (255 MB) instead of its own (~160 MB).
 */
import fs from "node:fs";
import { readTable } from "@/server/files/read-table";

const mb = (kb: string | undefined) => Number(kb) / 1024;

function memory(): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync("/proc/self/status", "utf8");
    return { rss: mb(/VmRSS:\s+(\d+)/.exec(status)?.[1]), peak: mb(/VmHWM:\s+(\d+)/.exec(status)?.[1]) };
  } catch {
    return { rss: process.memoryUsage().rss / 2 ** 20, peak: process.resourceUsage().maxRSS / 1024 }; // no /proc: may include the parent's pages
  }
}

async function main(file: string) {
  const before = memory().rss;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const table = await readTable(file);
  const s = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  let check = 0;
  for (const c of table.columns) if (c.type === "numeric") for (let i = 0; i < c.values.length; i += 1000) check += c.values[i]!;
  console.log(JSON.stringify({ s, cpu: (used.user + used.system) / 1e6, rows: table.rows, cols: table.columns.length, before, peak: memory().peak, check }));
}

main(process.argv[2]!).catch((e) => {
  console.error(e);
  process.exit(1);
});
