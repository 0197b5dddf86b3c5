"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Input, Select } from "@/app/_components/ui/input";
import { FieldError } from "@/app/_components/ui/field-error";
import { useToast } from "@/app/_components/ui/toast";

const STAGES = ["candidate", "shadow", "canary", "production", "retired"] as const;
type Stage = (typeof STAGES)[number];

/** A stage picker per version. Production and retirement ask first; production says what it retires. */
export function VersionStageControl({
  workspaceSlug,
  slug,
  label,
  stage,
  production,
}: {
  workspaceSlug: string;
  slug: string;
  label: string;
  stage: string;
  production: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [target, setTarget] = useState<Stage | null>(null);
  const mutation = useMutation(
    trpc.model.setStage.mutationOptions({
      onSuccess: (_data, vars) => {
        toast.show(`${label} is now ${vars.stage}${vars.stage === "production" && production && production !== label ? `; ${production} was retired` : ""}.`);
        setTarget(null);
        router.refresh();
      },
      onError: (error) => {
        toast.show(messageOf(error), "error");
        setTarget(null);
      },
    }),
  );

  function pick(next: Stage) {
    if (next === stage) return;
    if (next === "production" || next === "retired") setTarget(next);
    else mutation.mutate({ workspaceSlug, slug, label, stage: next });
  }

  const retiring = target === "production" && production && production !== label ? production : null;
  return (
    <>
      <label className="sr-only" htmlFor={`stage-${label}`}>
        Change stage of {label}
      </label>
      <Select
        id={`stage-${label}`}
        value={stage}
        disabled={mutation.isPending}
        onChange={(e) => pick(e.target.value as Stage)}
        className="ml-auto h-7 w-32 text-xs"
        data-testid={`stage-select-${label}`}
        options={STAGES.map((s) => ({ value: s, label: s === stage ? s : `→ ${s}` }))}
      />
      <ConfirmDialog
        open={target !== null}
        title={target === "production" ? `Move ${label} to production?` : `Retire ${label}?`}
        confirmLabel={target === "production" ? "Move to production" : "Retire version"}
        tone={target === "production" ? "primary" : "danger"}
        busy={mutation.isPending}
        onCancel={() => setTarget(null)}
        onConfirm={() => target && mutation.mutate({ workspaceSlug, slug, label, stage: target })}
      >
        {target === "production" ? (
          retiring ? (
            <p>
              <strong className="font-mono">{retiring}</strong> is in production now. It will be <strong>retired</strong> in the same step, and{" "}
              <strong className="font-mono">{label}</strong> becomes the production version.
            </p>
          ) : (
            <p>
              <strong className="font-mono">{label}</strong> becomes the production version. No other version is in production now.
            </p>
          )
        ) : (
          <p>
            <strong className="font-mono">{label}</strong> stops being a live version. Its history stays; you can move it back to another stage later.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

export function AddVersionForm({ workspaceSlug, slug, production }: { workspaceSlug: string; slug: string; production: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState("");
  const [stage, setStage] = useState<Stage>("candidate");
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation(
    trpc.model.addVersion.mutationOptions({
      onSuccess: () => {
        toast.show(`Version ${label.trim()} added as ${stage}.`);
        setOpen(false);
        setConfirming(false);
        setLabel("");
        setStage("candidate");
        setErrors({});
        router.refresh();
      },
      onError: (error) => {
        setConfirming(false);
        const fields = fieldErrorsOf(error);
        setErrors(Object.keys(fields).length ? fields : { label: messageOf(error) });
      },
    }),
  );
  const submit = () => mutation.mutate({ workspaceSlug, slug, label: label.trim(), stage });

  if (!open)
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Add version
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!label.trim()) return setErrors({ label: "Version label is required" });
        if (stage === "production" && production) setConfirming(true);
        else submit();
      }}
    >
      <div>
        <label htmlFor="new-version-label" className="sr-only">
          Version label
        </label>
        <Input
          id="new-version-label"
          autoFocus
          placeholder="v2.0"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          invalid={Boolean(errors.label)}
          className="h-7 w-28 text-xs"
        />
        <FieldError message={errors.label} />
      </div>
      <label htmlFor="new-version-stage" className="sr-only">
        Stage
      </label>
      <Select id="new-version-stage" value={stage} onChange={(e) => setStage(e.target.value as Stage)} className="h-7 w-28 text-xs" options={STAGES.filter((s) => s !== "retired")} />
      <Button type="submit" size="sm" busy={mutation.isPending}>
        Add
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Add ${label.trim()} in production?`}
        confirmLabel="Add to production"
        tone="primary"
        busy={mutation.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={submit}
      >
        <p>
          <strong className="font-mono">{production}</strong> is in production now and will be <strong>retired</strong>.
        </p>
      </ConfirmDialog>
    </form>
  );
}
