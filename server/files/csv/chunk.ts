/**
 * The numeric CSV scanner, built by one self-contained function (no imports, no closures over
 * module state), so the same code runs on this thread and, via Function#toString, on worker threads
 * without a TypeScript loader. Its parser parses rows [start, end) of `buf` into `cols` from row
 * `row0`; returns per-column flags for cells that are not numbers (those columns are re-read as text).
 *
 * One pass over the bytes, no string per cell: each field's sign, digits, point and exponent are
 * read straight from the bytes, the field ends at the first byte that is none of them. The rows up
 * to the last line break are scanned in place (the line break stops every loop, so no loop tests
 * the end of the range); a last line without one is copied with one appended.
 *
 * Numbers (results bit-identical to Number()): integer mantissa M of ≤ 18 significant digits and
 * decimal exponent E, |E| ≤ 22. M < 2^53: Clinger's exact fast path, M × 10^E or M ÷ 10^−E (both
 * operands exact, one correctly rounded operation). M ≥ 2^53 (16–18 digits): a double-double
 * product or quotient and a check that it is not within its error of a midpoint between two
 * doubles. Anything else (more digits, larger exponents, near-midpoints) by Number() on the text.
 * Missing: empty cell, NA, N/A, NaN, nan, null, NULL, None, none. ±inf/infinity are numbers.
 *
 * A thread builds the parser once and runs it on a few numbers with exponents before any file
 * (WARM_UP). V8 optimizes the scanning loop inside the first block with the type feedback it has
 * by then; a branch no cell had taken yet (the first number with an exponent, often millions of
 * cells into a file) threw the loop back to the interpreter and to a new compile: measured, that
 * block took ~45 ms instead of ~15, once per thread. Only that branch: feedback for the rarer ones
 * made things worse — text, short or long rows, more than 18 digits: the optimized loop ~10%
 * slower on every block; the Number() fallback (|E| > 22): the slow path compiled into the loop,
 * `evalbook evaluate`'s peak RSS +12 MB.
 */
export type CsvChunkParser = (buf: Uint8Array, start: number, end: number, ncol: number, cols: Float64Array[], row0: number) => Uint8Array;

export function makeCsvChunkParser(): CsvChunkParser {
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
  // a copy of server/files/missing.ts (this function may not import anything)
  const MISSING = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "none"]);
  // Veltkamp's split of 10^k into a high half and a low half of ≤ 26 bits each (Dekker's exact product)
  const SPLIT = 134217729;
  const P_HI = POW10.map((p) => SPLIT * p - (SPLIT * p - p));
  const P_LO = POW10.map((p, k) => p - P_HI[k]);
  const INV10 = POW10.map((p) => 1 / p);
  const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  /** A field the byte scanner did not take, by its text: a number, NaN (missing), or undefined (text). */
  const slowNumber = (b: Uint8Array, s: number, e: number): number | undefined => {
    let str = "";
    for (let k = s; k < e; k += 4096) str += String.fromCharCode.apply(null, Array.from(b.subarray(k, Math.min(e, k + 4096))));
    const t = str.trim();
    if (MISSING.has(t)) return NaN;
    const lower = t.toLowerCase();
    if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
    if (lower === "-inf" || lower === "-infinity") return -Infinity;
    if (!NUM_RE.test(t)) return undefined;
    return Number(t);
  };
  /** Rows of b[pos, stop), where b[stop − 1] is a line feed; returns the next row index. */
  const scan = (b: Uint8Array, pos: number, stop: number, r: number, ncol: number, cols: Float64Array[], isString: Uint8Array): number => {
    const last = ncol - 1;
    while (pos < stop) {
      let ch = b[pos];
      if (ch === 10) {
        pos++;
        continue;
      }
      if (ch === 13 && b[pos + 1] === 10) {
        pos += 2;
        continue;
      }
      for (let c = 0; ; c++) {
        const s = pos;
        let p = pos;
        ch = b[p];
        let neg = false;
        if (ch === 45) {
          neg = true;
          ch = b[++p];
        } else if (ch === 43) ch = b[++p];
        const ds = p;
        while (ch === 48) ch = b[++p];
        // significant digits: the first 9 in m, the next 9 in lo, two digits a step where both are
        // digits (int32 arithmetic, half the steps: a shorter dependency chain than a double's
        // multiply-add per digit), any more counted in `more`. `d >>> 0 <= 9`: 0 ≤ d ≤ 9 in one test
        let m = 0;
        let nm = 0;
        let lo = 0;
        let q = 0;
        let more = 0;
        let d = ch - 48;
        while (d >>> 0 <= 9 && nm < 8) {
          const d2 = b[p + 1] - 48;
          if (d2 >>> 0 > 9) break;
          m = m * 100 + (d * 10 + d2);
          nm += 2;
          p += 2;
          d = b[p] - 48;
        }
        while (d >>> 0 <= 9 && nm < 9) {
          m = m * 10 + d;
          nm++;
          d = b[++p] - 48;
        }
        while (d >>> 0 <= 9 && q < 8) {
          const d2 = b[p + 1] - 48;
          if (d2 >>> 0 > 9) break;
          lo = lo * 100 + (d * 10 + d2);
          q += 2;
          p += 2;
          d = b[p] - 48;
        }
        while (d >>> 0 <= 9 && q < 9) {
          lo = lo * 10 + d;
          q++;
          d = b[++p] - 48;
        }
        while (d >>> 0 <= 9) {
          more++;
          d = b[++p] - 48;
        }
        let e10 = 0;
        let digits = p > ds;
        if (d === -2) {
          // "."
          const fs = ++p;
          ch = b[p];
          if (nm === 0) while (ch === 48) ch = b[++p];
          d = ch - 48;
          // the integer part's loops again, written out: one loop over both parts (a `for (;;)`
          // around them) ran ~20% slower on 17-digit decimals (V8 keeps less in registers)
          while (d >>> 0 <= 9 && nm < 8) {
            const d2 = b[p + 1] - 48;
            if (d2 >>> 0 > 9) break;
            m = m * 100 + (d * 10 + d2);
            nm += 2;
            p += 2;
            d = b[p] - 48;
          }
          while (d >>> 0 <= 9 && nm < 9) {
            m = m * 10 + d;
            nm++;
            d = b[++p] - 48;
          }
          while (d >>> 0 <= 9 && q < 8) {
            const d2 = b[p + 1] - 48;
            if (d2 >>> 0 > 9) break;
            lo = lo * 100 + (d * 10 + d2);
            q += 2;
            p += 2;
            d = b[p] - 48;
          }
          while (d >>> 0 <= 9 && q < 9) {
            lo = lo * 10 + d;
            q++;
            d = b[++p] - 48;
          }
          while (d >>> 0 <= 9) {
            more++;
            d = b[++p] - 48;
          }
          e10 = fs - p;
          digits = digits || p > fs;
        }
        let ok = digits;
        if (d === 53 || d === 21) {
          // "e" or "E"
          ch = b[++p];
          let eneg = false;
          if (ch === 45) {
            eneg = true;
            ch = b[++p];
          } else if (ch === 43) ch = b[++p];
          const es = p;
          let x = 0;
          d = ch - 48;
          while (d >>> 0 <= 9) {
            x = x * 10 + d;
            d = b[++p] - 48;
          }
          if (p === es) ok = false;
          e10 += eneg ? -x : x;
        }
        // the field ends here: a comma (d −4), line feed (−38) or carriage return (−35)
        let fe = p;
        if (d !== -4 && d !== -38 && d !== -35) {
          ok = false;
          ch = b[fe];
          while (ch !== 44 && ch !== 10 && ch !== 13) ch = b[++fe];
        }
        let v = NaN;
        if (ok) {
          if (more > 0 || e10 > 22 || e10 < -22) ok = false;
          else if (nm === 0) v = 0;
          else {
            const M = m * POW10[q] + lo;
            if (M < 9007199254740992) v = e10 >= 0 ? M * POW10[e10] : M / POW10[-e10];
            else {
              // M ≥ 2^53: M exactly as the double-double h + l (m < 10^9 and q ≤ 9, so m × 10^q =
              // m × 5^q × 2^q has ≤ 51 significant bits and is exact; Fast2Sum adds lo < 10^q), then
              // × or ÷ 10^|E| in double-double (the remainder of the division exact by Dekker's
              // product): rh + rl lies within |rh| × 2^-100 of M × 10^E
              const h = M;
              const l = lo - (h - m * POW10[q]);
              let rh: number;
              let rl: number;
              if (e10 >= 0) {
                const t = SPLIT * h;
                const hh = t - (t - h);
                const hl = h - hh;
                const x = h * POW10[e10];
                const y = hl * P_LO[e10] - (x - hh * P_HI[e10] - hl * P_HI[e10] - hh * P_LO[e10]) + l * POW10[e10];
                rh = x + y;
                rl = y - (rh - x);
              } else {
                const k = -e10;
                const q1 = h * INV10[k]; // any q1 near h ÷ 10^k: the remainder below is exact
                const t = SPLIT * q1;
                const qh = t - (t - q1);
                const ql = q1 - qh;
                const mq = q1 * POW10[k];
                const r = h - mq - (ql * P_LO[k] - (mq - qh * P_HI[k] - ql * P_HI[k] - qh * P_LO[k])) + l;
                const q2 = r * INV10[k];
                rh = q1 + q2;
                rl = q2 - (rh - q1);
              }
              // rh = rh + rl rounded: it is M × 10^E rounded unless the error interval (widened to
              // |rh| × 2^-90) reaches the midpoint to a neighbour, where Number() decides
              const err = rh * 8.077935669463161e-28;
              v = rh;
              if (rh + (rl + err) !== rh || rh + (rl - err) !== rh) ok = false;
            }
          }
          if (neg) v = -v;
        }
        if (!ok) {
          v = NaN;
          if (fe > s && !isString[c]) {
            const parsed = slowNumber(b, s, fe);
            if (parsed === undefined) isString[c] = 1;
            else v = parsed;
          }
        }
        cols[c][r] = v;
        ch = b[fe];
        pos = fe + 1;
        if (ch !== 44) {
          // a short row: the rest is missing
          for (let k = c + 1; k < ncol; k++) cols[k][r] = NaN;
          if (ch === 13 && b[pos] === 10) pos++;
          break;
        }
        if (c === last) {
          // more fields than columns: the rest of the line is ignored
          while (b[pos] !== 10) pos++;
          pos++;
          break;
        }
      }
      r++;
    }
    return r;
  };
  const parse: CsvChunkParser = (buf, start, end, ncol, cols, row0) => {
    const isString = new Uint8Array(ncol);
    let stop = end;
    while (stop > start && buf[stop - 1] !== 10) stop--;
    // a plain Uint8Array view (a Buffer is a subclass: two shapes would make the byte loads polymorphic)
    const r = scan(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), start, stop, row0, ncol, cols, isString);
    if (stop < end) {
      // the last line has no line feed: scan a copy that has one
      const tail = new Uint8Array(end - stop + 1);
      tail.set(buf.subarray(stop, end));
      tail[end - stop] = 10;
      scan(tail, 0, tail.length, r, ncol, cols, isString);
    }
    return isString;
  };
  // exponents of both signs; 20 runs, as V8 gives a function its feedback vector only after a
  // few runs and records nothing before
  const WARM_UP = "1.5e-7,-2.5E+3\n";
  const text = new Uint8Array(WARM_UP.length);
  for (let i = 0; i < WARM_UP.length; i++) text[i] = WARM_UP.charCodeAt(i);
  const warmCols = [new Float64Array(2), new Float64Array(2)];
  for (let i = 0; i < 20; i++) parse(text, 0, text.length, 2, warmCols, 0);
  return parse;
}

let parser: CsvChunkParser | undefined;
/** This thread's parser (makeCsvChunkParser), built on first use. */
export function parseCsvChunk(buf: Uint8Array, start: number, end: number, ncol: number, cols: Float64Array[], row0: number): Uint8Array {
  parser ??= makeCsvChunkParser();
  return parser(buf, start, end, ncol, cols, row0);
}
