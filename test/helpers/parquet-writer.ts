/**
 * A minimal Parquet writer for tests and benches (hyparquet only reads): thrift compact protocol,
 * the subset of the format that plain double columns need.
 */
import fs from "node:fs";

/** Thrift compact protocol, the subset Parquet metadata needs. */
class Thrift {
  bytes: number[] = [];
  private last: number[] = [0];
  varint(n: bigint | number) {
    let v = BigInt(n);
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      this.bytes.push(b);
    } while (v);
  }
  zigzag(n: number | bigint) {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  field(id: number, type: number) {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number) {
    this.field(id, 5);
    this.zigzag(v);
  }
  i64(id: number, v: number) {
    this.field(id, 6);
    this.zigzag(v);
  }
  str(id: number, s: string) {
    this.field(id, 8);
    const b = Buffer.from(s);
    this.varint(b.length);
    this.bytes.push(...b);
  }
  list(id: number, elemType: number, n: number) {
    this.field(id, 9);
    this.bytes.push(n < 15 ? (n << 4) | elemType : 0xf0 | elemType);
    if (n >= 15) this.varint(n);
  }
  begin(id?: number) {
    if (id !== undefined) this.field(id, 12);
    this.last.push(0);
  }
  end() {
    this.bytes.push(0);
    this.last.pop();
  }
}

/**
 * Write `columns` (equal lengths) as a Parquet file: REQUIRED DOUBLE columns, PLAIN encoding,
 * uncompressed, row groups of `groupRows`, one data page per column chunk.
 */
export function writeDoublesParquet(file: string, columns: Record<string, Float64Array>, groupRows: number): void {
  const names = Object.keys(columns);
  const COLS = names.length;
  const ROWS = COLS ? columns[names[0]].length : 0;
  const GROUP = Math.max(1, groupRows);
  const out = fs.openSync(file, "w");
  let offset = 0;
  const write = (b: Uint8Array) => {
    fs.writeSync(out, b);
    offset += b.length;
  };
  write(Buffer.from("PAR1"));
  const groups: Array<{ rows: number; chunks: Array<{ offset: number; size: number }> }> = [];
  for (let g0 = 0; g0 < ROWS; g0 += GROUP) {
    const rows = Math.min(GROUP, ROWS - g0);
    const chunks: Array<{ offset: number; size: number }> = [];
    for (let c = 0; c < COLS; c++) {
      const body = new Uint8Array(columns[names[c]].slice(g0, g0 + rows).buffer);
      const h = new Thrift();
      h.begin();
      h.i32(1, 0); // DATA_PAGE
      h.i32(2, body.length);
      h.i32(3, body.length);
      h.begin(5);
      h.i32(1, rows);
      h.i32(2, 0); // PLAIN
      h.i32(3, 3); // RLE
      h.i32(4, 3);
      h.end();
      h.end();
      const start = offset;
      write(Uint8Array.from(h.bytes));
      write(body);
      chunks.push({ offset: start, size: offset - start });
    }
    groups.push({ rows, chunks });
  }
  const m = new Thrift();
  m.begin();
  m.i32(1, 1);
  m.list(2, 12, COLS + 1);
  m.begin();
  m.str(4, "schema");
  m.i32(5, COLS);
  m.end();
  for (let c = 0; c < COLS; c++) {
    m.begin();
    m.i32(1, 5); // DOUBLE
    m.i32(3, 0); // REQUIRED
    m.str(4, names[c]);
    m.end();
  }
  m.i64(3, ROWS);
  m.list(4, 12, groups.length);
  for (const g of groups) {
    m.begin();
    m.list(1, 12, COLS);
    g.chunks.forEach((ch, c) => {
      m.begin();
      m.i64(2, ch.offset);
      m.begin(3);
      m.i32(1, 5);
      m.list(2, 5, 1);
      m.zigzag(0);
      m.list(3, 8, 1);
      const name = Buffer.from(names[c]);
      m.varint(name.length);
      m.bytes.push(...name);
      m.i32(4, 0); // UNCOMPRESSED
      m.i64(5, g.rows);
      m.i64(6, ch.size);
      m.i64(7, ch.size);
      m.i64(9, ch.offset);
      m.end();
      m.end();
    });
    m.i64(2, g.chunks.reduce((s, ch) => s + ch.size, 0));
    m.i64(3, g.rows);
    m.end();
  }
  m.end();
  const footer = Uint8Array.from(m.bytes);
  write(footer);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  write(len);
  write(Buffer.from("PAR1"));
  fs.closeSync(out);
}
