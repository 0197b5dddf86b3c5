/**
 * The evaluator registry and the loader for third-party plugins (folders under plugins/ and npm
 * packages named in the workspace config), without the built-ins: plugins/index.ts adds the
 * built-in list, plugins/builtin-loaders.ts loads one built-in by id (the CLI's fast start-up).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { assertComparisonShape, assertEvaluatorShape, configJsonSchema, isComparisonDefinition, type AnyComparison, type AnyEvaluator } from "./sdk";

export type PluginSource = { kind: "builtin" } | { kind: "folder"; path: string } | { kind: "package"; name: string };

export interface RegisteredEvaluator {
  evaluator: AnyEvaluator;
  source: PluginSource;
}

export interface PluginLoadError {
  /** Folder or package name of the broken plugin. */
  name: string;
  message: string;
}

export class PluginNotFoundError extends Error {}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  // a pre-release sorts before the release
  if (pa.length !== pb.length) return pa.length > pb.length ? -1 : 1;
  return String(a).localeCompare(String(b));
}

/** "id@version" → { id, version }; "id" → { id } (a leading "@" belongs to the id). */
export function splitRef(ref: string): { id: string; version?: string } {
  const at = ref.lastIndexOf("@");
  return at > 0 ? { id: ref.slice(0, at), version: ref.slice(at + 1) } : { id: ref };
}

/** One kind of plugin by id, each id's versions highest first. */
class Versions<T extends { id: string; version: string }> {
  private readonly byId = new Map<string, { item: T; source: PluginSource }[]>();

  constructor(private readonly noun: string) {}

  add(item: T, source: PluginSource): void {
    const list = this.byId.get(item.id) ?? [];
    if (list.some((r) => r.item.version === item.version)) throw new Error(`${item.id}@${item.version} is already registered`);
    list.push({ item, source });
    list.sort((x, y) => compareSemver(y.item.version, x.item.version));
    this.byId.set(item.id, list);
  }

  /** "id@version" → that version; "id" → the highest version. */
  resolve(ref: string): T {
    const { id, version } = splitRef(ref);
    const list = this.byId.get(id);
    if (!list?.length) throw new PluginNotFoundError(`unknown ${this.noun} ${id}; installed: ${[...this.byId.keys()].sort().join(", ")}`);
    const hit = version ? list.find((r) => r.item.version === version) : list[0];
    if (!hit) throw new PluginNotFoundError(`${id}@${version} is not installed; versions: ${list.map((r) => r.item.version).join(", ")}`);
    return hit.item;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): { item: T; source: PluginSource }[] {
    return [...this.byId.values()].flat();
  }
}

export class EvaluatorRegistry {
  private readonly evaluators = new Versions<AnyEvaluator>("evaluator");
  private readonly comparisons = new Versions<AnyComparison>("comparison");

  registerComparison(comparison: AnyComparison, source: PluginSource = { kind: "builtin" }): void {
    assertComparisonShape(comparison);
    this.comparisons.add(comparison, source);
  }

  /** "id@version" → that comparison; "id" → its highest version. */
  resolveComparison(ref: string): AnyComparison {
    return this.comparisons.resolve(ref);
  }

  hasComparison(ref: string): boolean {
    return this.comparisons.has(splitRef(ref).id);
  }

  listComparisons(): AnyComparison[] {
    return this.comparisons.all().map((r) => r.item);
  }

  register(evaluator: AnyEvaluator, source: PluginSource = { kind: "builtin" }): void {
    assertEvaluatorShape(evaluator);
    this.evaluators.add(evaluator, source);
  }

  /** "id@version" → that version; "id" → the highest version. */
  resolve(ref: string): AnyEvaluator {
    return this.evaluators.resolve(ref);
  }

  list(): RegisteredEvaluator[] {
    return this.evaluators.all().map(({ item, source }) => ({ evaluator: item, source }));
  }

  /** id, version, kind, title, description, needs and JSON Schema of the config, for UIs and `evalbook plugins`. */
  describe() {
    return this.list().map(({ evaluator: e, source }) => ({
      id: e.id,
      version: e.version,
      kind: e.kind,
      title: e.title,
      description: e.description,
      appliesTo: e.appliesTo,
      needs: e.needs,
      source: source.kind === "builtin" ? "builtin" : source.kind === "folder" ? `folder:${source.path}` : `package:${source.name}`,
      config: configJsonSchema(e),
    }));
  }
}

function exportedEvaluators(mod: Record<string, unknown>): unknown[] {
  const d = mod.default ?? mod.evaluator ?? mod.evaluators;
  if (Array.isArray(d)) return d;
  if (d && typeof d === "object" && "default" in (d as object) && !("id" in (d as object))) return exportedEvaluators(d as Record<string, unknown>);
  return d ? [d] : [];
}

const RESERVED = new Set(["sdk", "builtin", "node_modules"]);
const ENTRY_FILES = ["index.ts", "index.mts", "index.js", "index.mjs"];

export interface LoadOptions {
  /** Folder scanned for third-party plugin folders (default: this plugins/ folder). */
  pluginsDir?: string;
  /** npm package names from the workspace config. */
  packages?: string[];
  /** Where packages are resolved from (default: process.cwd()). */
  resolveFrom?: string;
  /** Called before importing a plugin entry file (e.g. to register a TypeScript loader). */
  beforeImport?: (entry: string) => Promise<void>;
}

async function loadInto(registry: EvaluatorRegistry, mod: Record<string, unknown>, source: PluginSource, name: string, errors: PluginLoadError[]) {
  const evs = exportedEvaluators(mod);
  if (evs.length === 0) throw new Error("exports no evaluator (export default defineEvaluator({...}))");
  for (const ev of evs) {
    try {
      if (isComparisonDefinition(ev)) registry.registerComparison(ev, source);
      else registry.register(ev as AnyEvaluator, source);
    } catch (e) {
      errors.push({ name, message: (e as Error).message });
    }
  }
}

/** Load third-party plugins; a broken plugin is reported by name and does not stop the others. */
export async function loadThirdPartyPlugins(registry: EvaluatorRegistry, opts: LoadOptions = {}): Promise<PluginLoadError[]> {
  const errors: PluginLoadError[] = [];
  const dir = opts.pluginsDir ?? path.dirname(new URL(import.meta.url).pathname);
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    entries = [];
  }
  // code-unit order: localeCompare's first call loads ICU's collator (~7 ms of `evalbook evaluate`'s start-up)
  for (const ent of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!ent.isDirectory() || RESERVED.has(ent.name) || ent.name.startsWith(".")) continue;
    const folder = path.join(dir, ent.name);
    const entry = ENTRY_FILES.map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
    if (!entry) continue;
    try {
      await opts.beforeImport?.(entry);
      const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
      await loadInto(registry, mod, { kind: "folder", path: folder }, ent.name, errors);
    } catch (e) {
      errors.push({ name: ent.name, message: (e as Error).message });
    }
  }
  for (const pkg of opts.packages ?? []) {
    try {
      const { createRequire } = await import("node:module");
      const req = createRequire(path.join(opts.resolveFrom ?? process.cwd(), "package.json"));
      const resolved = req.resolve(pkg);
      const mod = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
      await loadInto(registry, mod, { kind: "package", name: pkg }, pkg, errors);
    } catch (e) {
      errors.push({ name: pkg, message: (e as Error).message });
    }
  }
  return errors;
}

