"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, Field, Input, Select } from "@/app/_components/ui/input";
import { fieldShape } from "@/app/w/[workspace]/notebooks/_components/schema-form";
import type { ChannelRow, KindInfo } from "./types";

const SEVERITIES = ["info", "warning", "critical"] as const;

function humanize(key: string): string {
  const s = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2");
  return (s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()).replace(/\burl\b/gi, "URL").replace(/\bsmtp\b/gi, "SMTP");
}

/**
 * Create or edit a channel. The settings fields come from the kind's config schema; secret fields
 * are password inputs that start empty when editing ("leave empty to keep the stored secret").
 */
export function ChannelForm({
  workspaceSlug,
  kinds,
  editing,
  onDone,
}: {
  workspaceSlug: string;
  kinds: KindInfo[];
  editing: ChannelRow | null;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [kind, setKind] = useState(editing?.kind ?? kinds[0]!.kind);
  const [name, setName] = useState(editing?.name ?? "");
  const [severities, setSeverities] = useState<string[]>(editing?.severities ?? ["warning", "critical"]);
  const [disableAfter, setDisableAfter] = useState(String(editing?.disableAfterFailures ?? 5));
  const info = kinds.find((k) => k.kind === kind)!;
  const initial = () => {
    if (!editing) return {};
    const c = { ...editing.config };
    for (const s of info.secretFields) delete c[s];
    return c;
  };
  const [config, setConfig] = useState<Record<string, unknown>>(initial);

  const create = useMutation(trpc.notificationChannel.create.mutationOptions({ onSuccess: () => onDone(`Channel “${name}” added.`) }));
  const update = useMutation(trpc.notificationChannel.update.mutationOptions({ onSuccess: () => onDone(`Channel “${name}” saved.`) }));
  const mutation = editing ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const generalError = mutation.error && !Object.keys(errors).some((k) => k !== "_form") ? messageOf(mutation.error) : null;

  const props = (info.configSchema as { properties?: Record<string, Parameters<typeof fieldShape>[0]>; required?: string[] }).properties ?? {};
  const required = new Set((info.configSchema as { required?: string[] }).required ?? []);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const common = { workspaceSlug, name, severities: severities as ("info" | "warning" | "critical")[], disableAfterFailures: Number(disableAfter), config };
    if (editing) update.mutate({ ...common, id: editing.id });
    else create.mutate({ ...common, kind });
  }

  return (
    <form className="space-y-4" onSubmit={submit} data-testid="channel-form">
      {!editing && (
        <Field id="channel-kind" label="Kind" hint={info.description}>
          <Select
            id="channel-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setConfig({});
            }}
            options={kinds.map((k) => ({ value: k.kind, label: k.title }))}
          />
        </Field>
      )}
      <Field id="channel-name" label="Name" required error={errors.name}>
        <Input id="channel-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="#ml-oncall" invalid={Boolean(errors.name)} />
      </Field>

      {Object.entries(props).map(([key, schema]) => {
        const shape = fieldShape(schema);
        const id = `channel-config-${key}`;
        const secret = info.secretFields.includes(key);
        const error = errors[`config.${key}`];
        const def = (schema as { default?: unknown }).default;
        const hint = [
          (schema as { description?: string }).description,
          secret && editing ? `stored as ${String(editing.config[key] ?? "(not set)")}; leave empty to keep it` : null,
          def !== undefined ? `default ${String(def)}` : null,
        ]
          .filter(Boolean)
          .join(" · ");
        if (shape.kind === "stringList") {
          return (
            <Field key={key} id={id} label={humanize(key)} hint={hint ? `${hint} · comma separated` : "comma separated"} error={error} required={required.has(key)}>
              <Input
                id={id}
                value={Array.isArray(config[key]) ? (config[key] as string[]).join(", ") : ""}
                invalid={Boolean(error)}
                onChange={(e) => setConfig({ ...config, [key]: e.target.value.split(",").map((x) => x.trim()).filter(Boolean) })}
              />
            </Field>
          );
        }
        return (
          <Field key={key} id={id} label={humanize(key)} hint={hint} error={error} required={required.has(key) && !(secret && editing)}>
            <Input
              id={id}
              type={secret ? "password" : "text"}
              autoComplete={secret ? "new-password" : "off"}
              value={(config[key] as string | undefined) ?? ""}
              placeholder={secret && editing ? "•••• unchanged" : def !== undefined ? String(def) : ""}
              invalid={Boolean(error)}
              onChange={(e) => setConfig({ ...config, [key]: e.target.value })}
            />
          </Field>
        );
      })}

      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Severities</legend>
        <p className="text-xs text-zinc-500">Incidents of these severities go to this channel (a guardrail may also name it).</p>
        <div className="mt-1 flex flex-wrap gap-4">
          {SEVERITIES.map((s) => (
            <Checkbox
              key={s}
              label={s}
              checked={severities.includes(s)}
              onChange={(e) => setSeverities(e.target.checked ? [...severities, s] : severities.filter((x) => x !== s))}
            />
          ))}
        </div>
        {errors.severities && <p className="mt-1 text-xs text-red-700">{errors.severities}</p>}
      </fieldset>
      <Field id="channel-disable-after" label="Switch off after" hint="consecutive failed deliveries (1–100)" error={errors.disableAfterFailures}>
        <Input id="channel-disable-after" type="number" min={1} max={100} step={1} value={disableAfter} onChange={(e) => setDisableAfter(e.target.value)} className="w-24" />
      </Field>
      {generalError && (
        <p role="alert" className="text-sm text-red-700">
          {generalError}
        </p>
      )}
      <Button type="submit" busy={mutation.isPending}>
        {editing ? "Save channel" : "Add channel"}
      </Button>
    </form>
  );
}
