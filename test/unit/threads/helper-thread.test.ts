import { describe, expect, it } from "vitest";
import { newHelperThread, sharedHelperThread } from "@/server/threads/helper-thread";

// a handler keeps state between requests on its thread: a counter per thread
const COUNTER = `(require) => { const { threadId } = require("node:worker_threads"); let n = 0; return (msg) => ({ threadId, n: ++n, twice: msg * 2 }); }`;
const FAILING = `(require) => (msg) => { throw new Error("bad input " + msg); }`;

describe("helper threads", () => {
  it("runs an installed handler off this thread and keeps it for the next request", async () => {
    const h = await sharedHelperThread();
    try {
      const a = await h.request<{ threadId: number; n: number; twice: number }>("counter", COUNTER, 21);
      const b = await h.request<{ threadId: number; n: number; twice: number }>("counter", COUNTER, 2);
      expect(a.twice).toBe(42);
      expect(a.threadId).toBeGreaterThan(0);
      expect(b).toEqual({ threadId: a.threadId, n: a.n + 1, twice: 4 });
    } finally {
      await h.release();
    }
  });

  it("hands the same thread to the next step; a fresh thread is another one", async () => {
    const first = await sharedHelperThread();
    const { threadId } = await first.request<{ threadId: number }>("counter", COUNTER, 1);
    await first.release();
    const again = await sharedHelperThread();
    const fresh = await newHelperThread();
    try {
      expect((await again.request<{ threadId: number }>("counter", COUNTER, 1)).threadId).toBe(threadId);
      expect((await fresh.request<{ threadId: number }>("counter", COUNTER, 1)).threadId).not.toBe(threadId);
    } finally {
      await again.release();
      await fresh.release();
    }
  });

  it("rejects a request whose handler throws, and the thread serves the next one", async () => {
    const h = await sharedHelperThread();
    try {
      await expect(h.request("failing", FAILING, 7)).rejects.toThrow("bad input 7");
      expect((await h.request<{ twice: number }>("counter", COUNTER, 5)).twice).toBe(10);
    } finally {
      await h.release();
    }
  });
});
