import { describe, expect, it } from "vitest";
import { BUILTIN_COMPARISONS, BUILTIN_EVALUATORS } from "@/plugins/index";
import { BUILTIN_LOADERS, createRegistryFor } from "@/plugins/builtin-loaders";
import path from "node:path";
import os from "node:os";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

describe("built-in loaders (the CLI's one-plugin registry)", () => {
  it("name exactly the built-ins of the eager list, each loading the same plugin", async () => {
    const eager = [...BUILTIN_EVALUATORS, ...BUILTIN_COMPARISONS];
    expect(Object.keys(BUILTIN_LOADERS).sort()).toEqual(eager.map((p) => p.id).sort());
    for (const p of eager) expect((await BUILTIN_LOADERS[p.id]!()).default).toBe(p);
  });

  it("registers only the requested built-in; unknown ids get the full registry and its error", async () => {
    const { registry, errors } = await createRegistryFor("drift.ks@1.0.0", { pluginsDir: "/nonexistent" });
    expect(errors).toEqual([]);
    expect(registry.list().map((r) => r.evaluator.id)).toEqual(["drift.ks"]);
    expect(registry.resolve("drift.ks").id).toBe("drift.ks");
    const cmp = await createRegistryFor("compare.binary", { pluginsDir: "/nonexistent" });
    expect(cmp.registry.resolveComparison("compare.binary").id).toBe("compare.binary");
    const full = await createRegistryFor("drift.nope", { pluginsDir: "/nonexistent" });
    expect(full.registry.list().length).toBe(BUILTIN_EVALUATORS.length);
    expect(() => full.registry.resolve("drift.nope")).toThrow(/unknown evaluator drift\.nope; installed: .*quality\.binary/);
  });

  it("still loads third-party plugins, which may add a version of a built-in id", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-loaders-"));
    try {
      mkdirSync(path.join(dir, "ks2"));
      writeFileSync(
        path.join(dir, "ks2", "index.mjs"),
        `export default { ...(await import(${JSON.stringify(path.resolve("plugins/builtin/drift.ks/index.ts"))})).default, version: "9.0.0" };`,
      );
      const { registry, errors } = await createRegistryFor("drift.ks", { pluginsDir: dir });
      expect(errors).toEqual([]);
      expect(registry.resolve("drift.ks").version).toBe("9.0.0");
      expect(registry.resolve("drift.ks@1.0.0").version).toBe("1.0.0");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
