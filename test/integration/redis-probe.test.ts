import net from "node:net";
import { describe, expect, it } from "vitest";
import { probeRedis, RedisUnavailableError } from "@/server/jobs/queues";

/** A port on which nothing listens (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("producer against an unreachable Redis", () => {
  it("probeRedis fails fast with a clear error", async () => {
    const port = await closedPort();
    const t = Date.now();
    const err = await probeRedis(`redis://127.0.0.1:${port}`, 1500).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toMatch(new RegExp(`Redis is not reachable at redis://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expect(Date.now() - t).toBeLessThan(1500);
  });

  it("probeRedis gives up after its timeout when the host swallows packets", async () => {
    // A listening socket that never answers: the probe must not wait for ever.
    const server = net.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as net.AddressInfo;
    const t = Date.now();
    const err = await probeRedis(`redis://127.0.0.1:${port}`, 300).catch((e: unknown) => e);
    server.close();
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it("enqueue and runHealthCheck fail fast (no hang) when REDIS_URL points at a closed port", async () => {
    const { vi } = await import("vitest");
    const port = await closedPort();
    vi.resetModules();
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    const queues = await import("@/server/jobs/queues");
    const { runHealthCheck } = await import("@/server/services/health");
    const t = Date.now();
    const err = await queues.enqueue("health", { healthCheckId: "x" }).catch((e: unknown) => e);
    expect((err as Error).name).toBe("RedisUnavailableError");
    expect((err as Error).message).toMatch(/not reachable.*ECONNREFUSED/);
    const result = await runHealthCheck({ timeoutMs: 5000 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Redis is not reachable/);
    expect(Date.now() - t).toBeLessThan(3000);
    await queues.closeProducer();
  });
});
