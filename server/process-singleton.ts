/**
 * One value per process (per thread in worker threads: each has its own globalThis), for what
 * must exist once — the Redis producer, a connection pool, the writer connection, Prisma. The
 * value lives on globalThis under `key`, not in the module, because the same module can be loaded
 * more than once in one process (Next.js dev reloads it, separate server bundles each carry a
 * copy) and every copy must reach the same value.
 */
export interface ProcessSingleton<T> {
  /** The value, created by `create` on first use. */
  get(): T;
  /** The value if it was created, without creating it. */
  peek(): T | undefined;
  /** Forgets the value (close it first) so that the next `get()` creates a new one. */
  clear(): void;
}

declare global {
  // `var`: a property of globalThis, which `let` and `const` are not.
  var evalbookProcessSingletons: Map<string, unknown> | undefined;
}

function slots(): Map<string, unknown> {
  globalThis.evalbookProcessSingletons ??= new Map();
  return globalThis.evalbookProcessSingletons;
}

/**
 * Declares the process's one `T` under `key`. Each key belongs to one declaration (the copies of
 * one module share it), which is what makes the stored value a `T`.
 */
export function processSingleton<T>(key: string, create: () => T): ProcessSingleton<T> {
  const peek = () => slots().get(key) as T | undefined;
  return {
    get() {
      const all = slots();
      if (all.has(key)) return all.get(key) as T;
      const value = create();
      all.set(key, value);
      return value;
    },
    peek,
    clear() {
      slots().delete(key);
    },
  };
}
