/**
 * processSingleton: one value per process under a key, shared by every copy of the module that
 * declares it (vi.resetModules loads a module afresh, as Next.js dev does on a reload).
 */
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { processSingleton } from "@/server/process-singleton";

let n = 0;
const uniqueKey = () => `test.singleton.${process.pid}.${++n}`;

afterEach(() => vi.resetModules());

describe("processSingleton", () => {
  it("creates the value on first use, once", () => {
    const create = vi.fn(() => ({ made: Date.now() }));
    const one = processSingleton(uniqueKey(), create);
    expect(create).not.toHaveBeenCalled();
    const first = one.get();
    expect(one.get()).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("shares the value between two copies of a module declaring the same key", async () => {
    const key = uniqueKey();
    const first = await import("@/server/process-singleton");
    vi.resetModules();
    const second = await import("@/server/process-singleton");
    expect(second).not.toBe(first);
    const createA = vi.fn(() => ["a"]);
    const createB = vi.fn(() => ["b"]);
    const a = first.processSingleton(key, createA);
    const b = second.processSingleton(key, createB);
    expect(b.get()).toBe(a.get());
    expect(b.get()).toEqual(["b"]);
    expect(createA).not.toHaveBeenCalled();
    expect(createB).toHaveBeenCalledTimes(1);
  });

  it("keeps values under different keys apart", () => {
    const a = processSingleton(uniqueKey(), () => ({ name: "a" }));
    const b = processSingleton(uniqueKey(), () => ({ name: "b" }));
    expect(a.get().name).toBe("a");
    expect(b.get().name).toBe("b");
  });

  it("peek does not create; clear forgets, so the next get creates anew", () => {
    let made = 0;
    const one = processSingleton(uniqueKey(), () => ({ id: ++made }));
    expect(one.peek()).toBeUndefined();
    expect(made).toBe(0);
    const first = one.get();
    expect(one.peek()).toBe(first);
    one.clear();
    expect(one.peek()).toBeUndefined();
    const second = one.get();
    expect(second).not.toBe(first);
    expect(second.id).toBe(2);
  });

  it("stores a value that is falsy, without creating it again", () => {
    const create = vi.fn(() => 0);
    const zero = processSingleton(uniqueKey(), create);
    expect(zero.get()).toBe(0);
    expect(zero.get()).toBe(0);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("is one per thread: a worker thread has its own globalThis", async () => {
    const key = uniqueKey();
    processSingleton(key, () => "main").get();
    // The thread reads the same global slot the helper uses; it must not see the main thread's value.
    const seen = await new Promise<unknown>((resolve, reject) => {
      const worker = new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
         parentPort.postMessage(globalThis.evalbookProcessSingletons?.get(workerData) ?? "none");`,
        { eval: true, workerData: key },
      );
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    expect(seen).toBe("none");
    expect(globalThis.evalbookProcessSingletons?.get(key)).toBe("main");
  });

  it("gives two copies of server/db/sqlite the one writer connection of the process", async () => {
    const first = await import("@/server/db/sqlite");
    vi.resetModules();
    const second = await import("@/server/db/sqlite");
    expect(second.sharedSqlite).not.toBe(first.sharedSqlite);
    const connection = first.sharedSqlite();
    expect(second.sharedSqlite()).toBe(connection);
    expect(connection.open).toBe(true);
  });
});
