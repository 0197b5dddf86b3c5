/**
 * `npm run bench:page-cpu` — CPU of the web process per page load, for the model page and the
 * inventory, A/B between built trees: each tree in BENCH_ROOTS (default: this one) runs its own
 * web process (scripts/web-server.mjs, what `npm start` runs; its `.next` must be built) on one
 * shared demo database, and the trees take turns, BENCH_ROUNDS rounds of BENCH_LOADS sequential
 * loads of each page. CPU is the web process's user + system time from /proc (10 ms ticks, hence
 * many loads per round), a figure the machine's other load inflates far less than wall time.
 *
 *   BENCH_ROOTS=/work/main,. BENCH_ROUNDS=6 BENCH_LOADS=40 npm run bench:page-cpu
 */
import path from "node:path";
import { rmSync } from "node:fs";
import { WEB_NODE_FLAGS, webEnv } from "../scripts/build-server.mjs";
import { ROOT, cpuMsOf, freePort, load, prepareApp, seedDemo, signInDemo, stopGroup, startProcess, waitForText } from "./app-harness";

const ROOTS = (process.env.BENCH_ROOTS ?? ".").split(",").map((r) => path.resolve(ROOT, r));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const LOADS = Number(process.env.BENCH_LOADS ?? 40);
/** Extra node flags for the web processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const PAGES = (process.env.BENCH_PAGES ?? "/w/demo/models/fraud-risk,/w/demo/models").split(",");

interface Web {
  root: string;
  base: string;
  pid: number;
  cookie: string;
  stop: () => Promise<void>;
}

async function startWeb(root: string, env: NodeJS.ProcessEnv): Promise<Web> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = startProcess(
    "web",
    process.execPath,
    [...WEB_NODE_FLAGS, ...NODE_FLAGS, path.join(root, "scripts", "web-server.mjs"), "-p", String(port), "-H", "127.0.0.1"],
    { ...env, ...webEnv(), PORT: String(port), APP_URL: base, LOG_LEVEL: "warn" },
  );
  await waitForText(`web (${root})`, web.output, "web ready", web.child);
  return { root, base, pid: web.child.pid!, cookie: await signInDemo(base), stop: () => stopGroup(web.child) };
}

async function loadPage(web: Web, page: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(web.base + page, { headers: { cookie: web.cookie } });
  const body = await res.text();
  if (res.status !== 200 || body.length < 1000) throw new Error(`${web.root} ${page}: HTTP ${res.status}`);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const { tmp, env } = await prepareApp("page-cpu");
  seedDemo(env, tmp);
  const webs: Web[] = [];
  try {
    for (const root of ROOTS) webs.push(await startWeb(root, env));
    // warm-up: JIT, caches, the lazy modules each page imports
    for (const web of webs) for (const page of PAGES) for (let i = 0; i < 10; i++) await loadPage(web, page);
    console.log(`${ROUNDS} rounds × ${LOADS} loads per page and tree, trees alternating; load before ${load()}`);
    const cpu = new Map<string, number[]>();
    const wall = new Map<string, number[]>();
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? [...webs].reverse() : webs;
      for (const web of order) {
        for (const page of PAGES) {
          const key = `${web.root} ${page}`;
          const before = cpuMsOf(web.pid);
          const times: number[] = [];
          for (let i = 0; i < LOADS; i++) times.push(await loadPage(web, page));
          cpu.set(key, [...(cpu.get(key) ?? []), (cpuMsOf(web.pid) - before) / LOADS]);
          wall.set(key, [...(wall.get(key) ?? []), median(times)]);
        }
      }
    }
    for (const page of PAGES) {
      for (const web of webs) {
        const key = `${web.root} ${page}`;
        const c = cpu.get(key)!;
        console.log(
          `${page.padEnd(28)} ${web.root.padEnd(24)} CPU/load median ${median(c).toFixed(1)} ms (rounds: ${c.map((x) => x.toFixed(1)).join(" ")}) · wall median ${median(wall.get(key)!).toFixed(1)} ms`,
        );
      }
    }
    console.log(`load after ${load()}`);
  } finally {
    await Promise.all(webs.map((web) => web.stop()));
    rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
