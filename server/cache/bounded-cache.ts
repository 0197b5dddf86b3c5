/**
 * The in-process cache every cache in evalbook uses: least-recently-used eviction under two bounds,
 * entries and (approximate) bytes, both named where the cache is declared, so a long-running
 * process's memory stays bounded whatever it is asked. The README lists every cache and its bounds.
 */
export interface CacheBounds<K, V> {
  /** Shown in errors and the README's table. */
  name: string;
  maxEntries: number;
  /** Upper bound of the sum of `sizeOf` over the entries (default: no byte bound, entries only). */
  maxBytes?: number;
  /** Approximate bytes one entry holds (default 0). */
  sizeOf?: (key: K, value: V) => number;
}

/** Bytes a JS string of this length may take (UTF-16). */
export const stringBytes = (s: string) => s.length * 2;

export class BoundedCache<K, V> {
  private readonly map = new Map<K, { value: V; bytes: number }>();
  private totalBytes = 0;

  constructor(readonly bounds: CacheBounds<K, V>) {
    if (!(bounds.maxEntries >= 1)) throw new Error(`cache ${bounds.name}: maxEntries must be ≥ 1`);
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  /** Stores the entry unless it alone exceeds maxBytes; evicts the least recently used to fit. */
  set(key: K, value: V): void {
    const bytes = this.bounds.sizeOf?.(key, value) ?? 0;
    this.delete(key);
    if (this.bounds.maxBytes !== undefined && bytes > this.bounds.maxBytes) return;
    this.map.set(key, { value, bytes });
    this.totalBytes += bytes;
    while (this.map.size > this.bounds.maxEntries || (this.bounds.maxBytes !== undefined && this.totalBytes > this.bounds.maxBytes)) {
      const oldest = this.map.keys().next().value as K;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const hit = this.map.get(key);
    if (!hit) return;
    this.map.delete(key);
    this.totalBytes -= hit.bytes;
  }

  clear(): void {
    this.map.clear();
    this.totalBytes = 0;
  }
}
