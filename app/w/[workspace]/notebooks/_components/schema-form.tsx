"use client";

import { Checkbox, Field, Input, Select } from "@/app/_components/ui/input";

/** The subset of JSON Schema that z.toJSONSchema emits for plugin configs. */
interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

interface FieldShape {
  kind: "number" | "integer" | "boolean" | "string" | "enum" | "stringList" | "unsupported";
  nullable: boolean;
  schema: JsonSchema;
}

/** Flattens `type: [x, "null"]` and `anyOf: [{…}, {type: "null"}]` into one field shape. */
export function fieldShape(s: JsonSchema): FieldShape {
  let nullable = false;
  let base: JsonSchema = s;
  if (s.anyOf) {
    const parts = s.anyOf.filter((p) => p.type !== "null");
    nullable = parts.length < s.anyOf.length;
    base = { ...parts[0], description: s.description, default: s.default };
  }
  let type = base.type;
  if (Array.isArray(type)) {
    nullable ||= type.includes("null");
    type = type.find((t) => t !== "null");
  }
  if (base.enum) return { kind: "enum", nullable, schema: base };
  if (type === "number" || type === "integer" || type === "boolean" || type === "string") return { kind: type, nullable, schema: base };
  if (type === "array" && base.items?.type === "string") return { kind: "stringList", nullable, schema: base };
  return { kind: "unsupported", nullable, schema: base };
}

function humanize(key: string): string {
  const s = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase().replace(/\bms\b/, "(ms)").replace(/\bp(\d+)/, "p$1");
}

function bounds(s: JsonSchema): string | null {
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = s.maximum ?? s.exclusiveMaximum;
  if (lo === undefined && hi === undefined) return null;
  if (lo !== undefined && hi !== undefined) return `${lo}–${hi}`;
  return lo !== undefined ? `≥ ${lo}` : `≤ ${hi}`;
}

/**
 * A form generated from an evaluator's config JSON Schema (evaluators.list → configSchema).
 * Fields left untouched are not stored, so the plugin's defaults apply (shown as placeholders).
 */
export function SchemaForm({
  idPrefix,
  schema,
  value,
  onChange,
  errors,
  disabled,
}: {
  idPrefix: string;
  schema: unknown;
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  errors?: Record<string, string>;
  disabled?: boolean;
}) {
  const props = (schema as JsonSchema | null)?.properties ?? {};
  const keys = Object.keys(props);
  if (!keys.length) return <p className="text-xs text-zinc-500">This evaluator has no settings.</p>;
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {keys.map((key) => {
        const shape = fieldShape(props[key]!);
        const s = shape.schema;
        const id = `${idPrefix}-${key}`;
        const current = value[key];
        const def = props[key]!.default;
        const hint = [props[key]!.description, bounds(s), def !== undefined && def !== null && shape.kind !== "boolean" ? `default ${Array.isArray(def) ? def.join(", ") : String(def)}` : null, shape.nullable && def === null ? "empty = off" : null]
          .filter(Boolean)
          .join(" · ");
        const error = errors?.[key];
        switch (shape.kind) {
          case "boolean":
            return (
              <div key={key} className="flex items-end pb-2">
                <Checkbox
                  id={id}
                  label={humanize(key)}
                  checked={(current ?? def ?? false) as boolean}
                  disabled={disabled}
                  onChange={(e) => set(key, e.target.checked === def ? undefined : e.target.checked)}
                />
              </div>
            );
          case "enum":
            return (
              <Field key={key} id={id} label={humanize(key)} hint={props[key]!.description} error={error}>
                <Select id={id} value={String(current ?? def ?? "")} disabled={disabled} onChange={(e) => set(key, e.target.value === String(def) ? undefined : e.target.value)} options={(s.enum ?? []).map((o) => String(o))} />
              </Field>
            );
          case "number":
          case "integer":
            return (
              <Field key={key} id={id} label={humanize(key)} hint={hint} error={error}>
                <Input
                  id={id}
                  type="number"
                  inputMode="decimal"
                  step={shape.kind === "integer" ? 1 : "any"}
                  min={s.minimum}
                  max={s.maximum}
                  placeholder={def === null || def === undefined ? "off" : String(def)}
                  value={current === undefined || current === null ? "" : String(current)}
                  disabled={disabled}
                  invalid={!!error}
                  onChange={(e) => {
                    const raw = e.target.value;
                    if (raw === "") set(key, undefined);
                    else set(key, Number(raw));
                  }}
                />
              </Field>
            );
          case "string":
            return (
              <Field key={key} id={id} label={humanize(key)} hint={hint} error={error}>
                <Input id={id} value={(current as string | undefined) ?? ""} placeholder={def == null ? "" : String(def)} disabled={disabled} onChange={(e) => set(key, e.target.value === "" ? undefined : e.target.value)} />
              </Field>
            );
          case "stringList":
            return (
              <Field key={key} id={id} label={humanize(key)} hint={hint || "comma separated"} error={error}>
                <Input
                  id={id}
                  value={Array.isArray(current) ? (current as string[]).join(", ") : ""}
                  disabled={disabled}
                  onChange={(e) => {
                    const list = e.target.value.split(",").map((x) => x.trim()).filter(Boolean);
                    set(key, list.length ? list : undefined);
                  }}
                />
              </Field>
            );
          default:
            return (
              <p key={key} className="text-xs text-zinc-500">
                {humanize(key)}: set through the API (not editable here).
              </p>
            );
        }
      })}
    </div>
  );
}
