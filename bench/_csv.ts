import fs from "node:fs";
import { parseCsvChunk } from "@/server/files/csv/chunk";
const buf = new Uint8Array(fs.readFileSync("bench/out/anchor-baseline-200000.csv"));
const start = buf.indexOf(10) + 1;
const cols = Array.from({ length: 20 }, () => new Float64Array(200000));
for (let r = 0; r < 4; r++) {
  const c0 = process.cpuUsage();
  parseCsvChunk(buf, start, buf.length, 20, cols, 0);
  const c = process.cpuUsage(c0);
  console.log(`parse cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
}
let bad = 0;
const text = fs.readFileSync("bench/out/anchor-baseline-200000.csv", "utf8").split("\n").slice(1, 20001);
text.forEach((line, i) => line.split(",").forEach((t, c) => { if (!Object.is(Number(t), cols[c][i])) bad++; }));
console.log("mismatches vs Number() in first 20k rows:", bad);
