/**
 * The numeric CSV scanner as one self-contained function (no imports, no closures over module
 * state), so the same code runs on this thread and, via Function#toString, on worker threads
 * without a TypeScript loader. Parses rows [start, end) of `buf` into `cols` from row `row0`;
 * returns per-column flags for cells that are not numbers (those columns are re-read as text).
 *
 * Numbers: ≤ 15 significant digits and |exp| ≤ 22 by Clinger's exact fast path; 16–19 digits by
 * an exact double-double product/quotient with a midpoint check; anything else by Number().
 * Missing: empty cell, NA, N/A, NaN, nan, null, NULL, None, none. ±inf/infinity are numbers.
 */
export function parseCsvChunk(buf: Uint8Array, start: number, end: number, ncol: number, cols: Float64Array[], row0: number): Uint8Array {
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
  // a copy of server/files/missing.ts (this function may not import anything)
  const MISSING = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "none"]);
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const SPLIT = 134217729;
  const prodLo = (a: number, b: number, p: number) => {
    let c = SPLIT * a;
    const ah = c - (c - a);
    const al = a - ah;
    c = SPLIT * b;
    const bh = c - (c - b);
    const bl = b - bh;
    return al * bl - (p - ah * bh - al * bh - ah * bl);
  };
  // Half the gap to the neighbour of x (up, or down: a quarter ulp below a power of two), built
  // from its bits (2^(ex − 1076) or 2^(ex − 1077)); NaN when that is not a normal double.
  const halfGap = (x: number, up: boolean) => {
    f64[0] = x;
    const hi = u32[1] & 0x7fffffff;
    const ex = hi >>> 20;
    if (ex >= 0x7fe) return NaN;
    const drop = !up && (hi & 0xfffff) === 0 && u32[0] === 0 ? 54 : 53;
    if (ex <= drop) return NaN;
    u32[0] = 0;
    u32[1] = (ex - drop) << 20;
    return f64[0];
  };
  const dd = (A: number, B: number, q: number, E: number, negative: boolean): number => {
    if (E > 22 || E < -22) return NaN;
    const s = POW10[q];
    const ph = A * s;
    const pl = prodLo(A, s, ph);
    let h = ph + B;
    let l = B - (h - ph) + pl;
    const t = h + l;
    l = l - (t - h);
    h = t;
    let rh: number;
    let rl: number;
    if (E >= 0) {
      const p = POW10[E];
      const x = h * p;
      const y = prodLo(h, p, x) + l * p;
      rh = x + y;
      rl = y - (rh - x);
    } else {
      const p = POW10[-E];
      const q1 = h / p;
      const m = q1 * p;
      const r = h - m - prodLo(q1, p, m) + l;
      const q2 = r / p;
      rh = q1 + q2;
      rl = q2 - (rh - q1);
    }
    if (!(rh !== 0 && rh - rh === 0)) return NaN;
    const gap = halfGap(rh, rl > 0 === rh > 0);
    if (gap !== gap) return NaN;
    if (Math.abs(Math.abs(rl) - gap) <= Math.abs(rh) * 2 ** -98) return NaN;
    return negative ? -rh : rh;
  };
  const token = (s: number, e: number) => {
    let str = "";
    for (let k = s; k < e; k += 4096) str += String.fromCharCode.apply(null, Array.from(buf.subarray(k, Math.min(e, k + 4096))));
    return str;
  };
  const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const slowNumber = (s: number, e: number): number | undefined => {
    const t = token(s, e).trim();
    if (MISSING.has(t)) return NaN;
    const lower = t.toLowerCase();
    if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
    if (lower === "-inf" || lower === "-infinity") return -Infinity;
    if (!NUM_RE.test(t)) return undefined;
    return Number(t);
  };
  const isString = new Uint8Array(ncol);
  let pos = start;
  let r = row0;
  while (pos < end) {
    const b0 = buf[pos];
    if (b0 === 10) {
      pos++;
      continue;
    }
    if (b0 === 13 && buf[pos + 1] === 10) {
      pos += 2;
      continue;
    }
    for (let c = 0; c < ncol; c++) {
      const s = pos;
      let neg = false;
      let p = pos;
      let b = buf[p];
      if (b === 45) {
        neg = true;
        b = buf[++p];
      } else if (b === 43) b = buf[++p];
      let mant = 0;
      let low = 0;
      let lowDigits = 0;
      let digits = 0;
      let exp10 = 0;
      let any = false;
      // the digits, with at most one decimal point among them: each digit after it scales by 1/10
      let dot = -1;
      for (;; b = buf[++p]) {
        if (b >= 48 && b <= 57) {
          if (digits > 0 || b !== 48) {
            if (digits < 15) mant = mant * 10 + (b - 48);
            else if (digits < 19) {
              low = low * 10 + (b - 48);
              lowDigits++;
            }
            digits++;
          }
          any = true;
        } else if (b === 46 && dot < 0) dot = p;
        else break;
      }
      if (dot >= 0) exp10 = dot + 1 - p;
      let ok = any;
      if (ok && (b === 101 || b === 69)) {
        b = buf[++p];
        let eneg = false;
        if (b === 45) {
          eneg = true;
          b = buf[++p];
        } else if (b === 43) b = buf[++p];
        let e = 0;
        let edig = 0;
        while (b >= 48 && b <= 57) {
          e = e * 10 + (b - 48);
          edig++;
          b = buf[++p];
        }
        if (edig === 0) ok = false;
        exp10 += eneg ? -e : e;
      }
      let fe = p;
      if (!(p >= end || b === 44 || b === 10 || b === 13)) {
        ok = false;
        while (fe < end && buf[fe] !== 44 && buf[fe] !== 10 && buf[fe] !== 13) fe++;
      }
      let v = NaN;
      let done = false;
      if (ok && digits <= 15 && exp10 >= -22 && exp10 <= 22) {
        v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        if (neg) v = -v;
        done = true;
      } else if (ok && digits > 15 && digits <= 19) {
        v = dd(mant, low, lowDigits, exp10, neg);
        done = v === v;
      } else if (ok && digits === 0) {
        v = neg ? -0 : 0;
        done = true;
      }
      if (!done) {
        v = NaN;
        if (fe > s && !isString[c]) {
          const parsed = slowNumber(s, fe);
          if (parsed === undefined) isString[c] = 1;
          else v = parsed;
        }
      }
      cols[c][r] = v;
      pos = fe;
      const d = buf[pos];
      if (d === 44) {
        pos++;
        if (c === ncol - 1) while (pos < end && buf[pos] !== 10) pos++;
      } else {
        for (let k = c + 1; k < ncol; k++) cols[k][r] = NaN;
        break;
      }
    }
    if (buf[pos] === 13) pos++;
    if (buf[pos] === 10) pos++;
    r++;
  }
  return isString;
}
