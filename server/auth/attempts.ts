/**
 * Counts failed attempts per key in a fixed window (e.g. 10 failed sign-ins per 10 minutes per
 * address and per account). In process memory, like the API rate limit: exact for one web process. Old windows are
 * swept as new keys arrive, so memory stays bounded by the keys seen in one window.
 */
export class AttemptCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** 0 while fewer than `max` attempts were recorded in the window, else the seconds until it resets. */
  wait(key: string): number {
    const now = this.clock();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now || w.count < this.max) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  /** Records one (failed) attempt. */
  record(key: string): void {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= 10_000) this.sweep(now);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
