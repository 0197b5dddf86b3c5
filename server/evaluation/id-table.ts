/**
 * A string → code index in typed arrays (open addressing, linear probing on a 32-bit FNV-1a hash
 * of the string), for joining a million request ids: a Map of a million strings costs several
 * times more in time and garbage. Equal hashes fall back to comparing the strings, so collisions
 * never pair two different ids.
 */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // final avalanche (murmur3 fmix32) so that ids differing in their last characters spread
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class IdTable {
  private readonly mask: number;
  /** code + 1 per slot, 0 = empty */
  private readonly slots: Int32Array;
  private readonly hashes: Uint32Array;
  /** distinct strings held */
  size = 0;

  constructor(private readonly strings: readonly string[], capacity: number) {
    let cap = 16;
    while (cap < 2 * capacity) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
    this.hashes = new Uint32Array(cap);
  }

  /** Holds `strings[code]` under its text; a later code with the same text replaces the earlier (like Map.set). */
  set(code: number): void {
    const s = this.strings[code];
    const h = fnv1a(s);
    for (let p = h & this.mask; ; p = (p + 1) & this.mask) {
      const held = this.slots[p];
      if (held === 0) {
        this.slots[p] = code + 1;
        this.hashes[p] = h;
        this.size++;
        return;
      }
      if (this.hashes[p] === h && this.strings[held - 1] === s) {
        this.slots[p] = code + 1;
        return;
      }
    }
  }

  /** The code held for `s`, or -1. */
  get(s: string): number {
    const h = fnv1a(s);
    for (let p = h & this.mask; ; p = (p + 1) & this.mask) {
      const held = this.slots[p];
      if (held === 0) return -1;
      if (this.hashes[p] === h && this.strings[held - 1] === s) return held - 1;
    }
  }
}
