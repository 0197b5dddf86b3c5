"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { cx } from "@/app/_components/ui/cx";
import { Field, Input, Select } from "@/app/_components/ui/input";
import { useToast } from "@/app/_components/ui/toast";

/** Blank or from a template; the template is filled in from the model (task, key features, versions). */
export function NewNotebookForm({ workspaceSlug, models, modelSlug }: { workspaceSlug: string; models?: { slug: string; name: string }[]; modelSlug?: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const toast = useToast();
  const templates = useQuery(trpc.notebook.templates.queryOptions({ workspaceSlug }, { staleTime: Infinity }));
  const [model, setModel] = useState(modelSlug ?? models?.[0]?.slug ?? "");
  const [template, setTemplate] = useState<string>("weekly-health");
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const nb = await client.notebook.create.mutate({
        workspaceSlug,
        modelSlug: model,
        ...(template !== "blank" ? { template: template as "weekly-health" } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
      });
      toast.show(`Created “${nb.title}”.`);
      router.push(`/w/${workspaceSlug}/models/${nb.model.slug}/notebooks/${nb.id}`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  const options = [...(templates.data ?? []), { id: "blank", title: "Blank notebook", description: "Start empty and add cells yourself." }];
  return (
    <form onSubmit={(e) => void create(e)} className="space-y-4">
      {models && (
        <Field id="nb-model" label="Model" required>
          <Select id="nb-model" value={model} onChange={(e) => setModel(e.target.value)} options={models.map((m) => ({ value: m.slug, label: `${m.name} (${m.slug})` }))} />
        </Field>
      )}
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-zinc-700">Start from</legend>
        <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" role="radiogroup">
          {options.map((t) => (
            <label
              key={t.id}
              className={cx(
                "flex cursor-pointer flex-col rounded-lg border bg-white p-3 text-sm hover:border-zinc-400",
                template === t.id ? "border-zinc-900 ring-1 ring-zinc-900" : "border-zinc-200",
              )}
            >
              <span className="flex items-center gap-2 font-medium text-zinc-900">
                <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} className="accent-zinc-900" />
                {t.title}
              </span>
              <span className="mt-1 text-xs text-zinc-600">{t.description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field id="nb-title" label="Title" hint="Optional: the template's name otherwise.">
        <Input id="nb-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </Field>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" busy={busy} disabled={!model}>
        Create notebook
      </Button>
    </form>
  );
}
