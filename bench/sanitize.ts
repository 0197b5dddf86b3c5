/**
 * `npm run bench:sanitize` — the markdown sanitizer's cold start and steady cost, in this process
 * (it runs in the caller's thread, so its cold start is time the web's event loop is blocked):
 * loading server/markdown/sanitize.ts (sanitize-html + htmlparser2), the first sanitize, then
 * BENCH_SANITIZE_N (default 2,000) distinct report-narrative-sized documents (cache misses), and the
 * resident memory each step adds; then, for comparison, loading jsdom (what the DOMPurify sanitizer
 * needed, in a thread the caller waited for). Goal: cold start (load + first call) at least 5×
 * shorter than loading jsdom alone.
 */
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { marked } from "marked";

const N = Number(process.env.BENCH_SANITIZE_N ?? 2000);
const mb = () => Math.round(process.memoryUsage().rss / 1048576);

const narrative = (i: number) =>
  marked.parse(
    `# Run ${i}\n\nDrift on **region** rose to _0.${i % 97}_ — see [the run](/runs/${i}) and <https://example.org/${i}>.\n\n` +
      `- [x] checked baseline\n- [ ] re-train\n\n| feature | psi |\n|:--|--:|\n| age | 0.${i % 89} |\n| income | 0.${i % 83} |\n\n` +
      "```py\nprint('x')\n```\n\n<div style=\"position:fixed\" onclick=\"x()\">overlay</div><img src=\"https://evil.example/p.png\"><script>alert(1)</script>\n",
    { async: false, gfm: true },
  ) as string;
const docs = Array.from({ length: N + 1 }, (_, i) => narrative(i));

const rss0 = mb();
let t = performance.now();
const { sanitizeHtml } = await import("../server/markdown/sanitize");
const loadMs = performance.now() - t;
const rssLoaded = mb();
t = performance.now();
sanitizeHtml(docs[0]!);
const firstMs = performance.now() - t;
t = performance.now();
let bytes = 0;
for (let i = 1; i <= N; i++) bytes += sanitizeHtml(docs[i]!).length;
const eachMs = (performance.now() - t) / N;

console.log(`load sanitize.ts (sanitize-html)   ${loadMs.toFixed(1)} ms, RSS ${rss0} → ${rssLoaded} MB`);
console.log(`first sanitize                     ${firstMs.toFixed(1)} ms  (cold start total ${(loadMs + firstMs).toFixed(1)} ms)`);
console.log(`${N} distinct documents (~${Math.round(bytes / N)} B out each)  ${eachMs.toFixed(3)} ms each, RSS now ${mb()} MB`);

const rssBefore = mb();
t = performance.now();
createRequire(import.meta.url)("jsdom");
const jsdomMs = performance.now() - t;
console.log(`for comparison, require("jsdom")   ${jsdomMs.toFixed(1)} ms, RSS ${rssBefore} → ${mb()} MB`);
const cold = loadMs + firstMs;
console.log(`goal: cold start ≤ jsdom load / 5 — ${cold.toFixed(0)} vs ${jsdomMs.toFixed(0)} ms (${(jsdomMs / cold).toFixed(1)}×): ${cold * 5 <= jsdomMs ? "met" : "not met"}`);
