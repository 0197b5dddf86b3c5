"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/input";
import { useToast } from "@/app/_components/ui/toast";

export const TOPICS = [
  ["quality_drop", "Quality drop"],
  ["feature_drift", "Feature drift"],
  ["cost_jump", "Cost or latency jump"],
  ["rollback", "Rollback decision"],
  ["other", "Other"],
] as const;
type Topic = (typeof TOPICS)[number][0];

export interface Template {
  topic: Topic;
  topicLabel: string;
  title: string;
  body: string;
}

/** Create (from a starter template or blank) or edit a runbook. Edits name their base revision. */
export function RunbookForm(props: {
  workspaceSlug: string;
  modelSlug: string;
  templates?: Template[];
  existing?: { id: string; title: string; topic: Topic; body: string; revision: number };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [title, setTitle] = useState(props.existing?.title ?? "");
  const [topic, setTopic] = useState<Topic>(props.existing?.topic ?? "other");
  const [body, setBody] = useState(props.existing?.body ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const base = `/w/${props.workspaceSlug}/models/${props.modelSlug}/runbooks`;
  const onError = (e: unknown) => {
    setErrors(fieldErrorsOf(e));
    toast.show(messageOf(e), "error");
  };
  const create = useMutation(
    trpc.runbook.create.mutationOptions({
      onSuccess: (r) => {
        toast.show("Runbook created.");
        router.push(`${base}/${r.id}`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.runbook.update.mutationOptions({
      onSuccess: (r) => {
        toast.show(`Saved as revision ${r.revision}.`);
        router.push(`${base}/${r.id}`);
        router.refresh();
      },
      onError,
    }),
  );
  const busy = create.isPending || update.isPending;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (props.existing) update.mutate({ workspaceSlug: props.workspaceSlug, id: props.existing.id, expectedRevision: props.existing.revision, title, topic, body });
        else create.mutate({ workspaceSlug: props.workspaceSlug, modelSlug: props.modelSlug, title, topic, body });
      }}
    >
      {props.templates && (
        <div className="flex flex-wrap gap-1.5" aria-label="Starter templates">
          {props.templates.map((t) => (
            <Button
              key={t.topic}
              size="sm"
              variant="secondary"
              onClick={() => {
                setTitle(t.title);
                setTopic(t.topic);
                setBody(t.body);
              }}
            >
              Template: {t.topicLabel}
            </Button>
          ))}
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-[1fr_200px]">
        <Field id="runbook-title" label="Title" error={errors.title} required>
          <Input id="runbook-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={160} invalid={!!errors.title} />
        </Field>
        <Field id="runbook-topic" label="Topic">
          <Select id="runbook-topic" value={topic} onChange={(e) => setTopic(e.target.value as Topic)} options={TOPICS.map(([value, label]) => ({ value, label }))} />
        </Field>
      </div>
      <Field id="runbook-body" label="Runbook (markdown)" error={errors.body}>
        <Textarea id="runbook-body" rows={16} className="font-mono text-xs" value={body} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <Button type="submit" busy={busy}>
        {props.existing ? "Save new revision" : "Create runbook"}
      </Button>
    </form>
  );
}
