/**
 * Report exports (HTML/PDF, rendered in headless Chromium) have their own per-key budget
 * (EXPORT_RATE_LIMIT_PER_MINUTE, default 20): using it up answers 429 for exports only, while the
 * same key's other calls go on. Calls the real route modules against the test database.
 */
import { describe, expect, it } from "vitest";
import { GET as exportReport } from "@/app/api/v1/reports/[id]/export/route";
import { GET as listModels } from "@/app/api/v1/models/route";
import { prisma } from "@/server/db/client";
import { API_KEY_SCOPES, createApiKey } from "@/server/apikeys/keys";
import { createWorkspaceWith } from "../../helpers/auth";

describe("export rate limit", () => {
  it("limits exports per key apart from the rest of the API", async () => {
    const ws = await createWorkspaceWith(`export-limit-${Date.now()}`, []);
    const { secret } = await createApiKey(prisma, ws.id, { id: null, label: "test" }, { name: "all", scopes: [...API_KEY_SCOPES] });
    const headers = { authorization: `Bearer ${secret}` };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await exportReport(new Request("http://x/api/v1/reports/none/export?format=html", { headers }), { params: Promise.resolve({ id: "none" }) });
      statuses.push(res.status);
      if (res.status === 429) {
        const body = (await res.json()) as { error: { message: string; details: { setting: string } } };
        expect(body.error.details.setting).toBe("EXPORT_RATE_LIMIT_PER_MINUTE");
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    const models = await listModels(new Request("http://x/api/v1/models", { headers }), { params: Promise.resolve({}) });
    expect(models.status).toBe(200);
  });
});
