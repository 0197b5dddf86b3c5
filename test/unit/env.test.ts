import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function loadEnvWith(vars: Record<string, string>) {
  vi.resetModules();
  Object.assign(process.env, vars);
  return import("@/server/env");
}

describe("server/env", () => {
  it("names the variable and the problem when PORT is not a port", async () => {
    await expect(loadEnvWith({ PORT: "99999" })).rejects.toThrow(/Invalid environment:\n\s+PORT: .*(65535|less than or equal)/);
  });

  it("rejects a short AUTH_SECRET with a specific message", async () => {
    await expect(loadEnvWith({ AUTH_SECRET: "short" })).rejects.toThrow(/AUTH_SECRET: .*16/);
  });

  it("rejects an unknown LOG_LEVEL", async () => {
    await expect(loadEnvWith({ LOG_LEVEL: "loud" })).rejects.toThrow(/LOG_LEVEL/);
  });

  it("accepts the test environment set by the global setup", async () => {
    const { env } = await loadEnvWith({});
    expect(env.NODE_ENV).toBe("test");
    expect(env.QUEUE_PREFIX).toMatch(/^evalbook-test-\d+-\d+$/);
    expect(env.DATABASE_URL).toMatch(/^file:\//);
  });
});
