"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input, Suggestions } from "@/app/_components/ui/input";
import { Section } from "@/app/_components/ui/section";
import { useToast } from "@/app/_components/ui/toast";

import { describeWindow } from "@/server/format/selection";
import { describeParameters } from "./format";
import type { NotebookView } from "./types";

const PRESETS = [
  { label: "Weekly, Monday 09:00", cron: "0 9 * * 1" },
  { label: "Daily, 06:00", cron: "0 6 * * *" },
  { label: "Every hour", cron: "0 * * * *" },
];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function fmtInZone(iso: string, tz: string): string {
  try {
    return new Date(iso).toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: tz });
  } catch {
    return iso;
  }
}

function nextRunsList(runs: string[], tz: string) {
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-zinc-600 tabular-nums">
      {runs.map((r) => (
        <li key={r}>
          {fmtInZone(r, tz)} <span className="text-zinc-400">({tz})</span>
        </li>
      ))}
    </ul>
  );
}

/** A stored window as the words the window field accepts. */
function describeWindowParam(w: NonNullable<NonNullable<NotebookView["schedule"]>["parameters"]>["window"]): string {
  if (!w) return "";
  if (w.kind === "lastDays") return describeWindow(w);
  if (w.kind === "sinceLastRun") return "since last run";
  return "";
}

/** Cron + time zone per notebook: in words (cronstrue) with the next run times; pause, resume, remove. */
export function SchedulePanel({ workspaceSlug, notebookId, schedule, editor }: { workspaceSlug: string; notebookId: string; schedule: NotebookView["schedule"]; editor: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const toast = useToast();
  const browserTz = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", []);
  const zones = useMemo(() => {
    const z = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
    return ["UTC", ...z.filter((x) => x !== "UTC")];
  }, []);
  const [current, setCurrent] = useState(schedule);
  useEffect(() => setCurrent(schedule), [schedule]);
  const [editing, setEditing] = useState(false);
  const [cron, setCron] = useState(schedule?.cron ?? "0 9 * * 1");
  const [tz, setTz] = useState(schedule?.tz ?? (zones.includes(browserTz) ? browserTz : "UTC"));
  const [windowParam, setWindowParam] = useState(schedule?.parameters?.window ? describeWindowParam(schedule.parameters.window) : "");
  const [versionsParam, setVersionsParam] = useState(schedule?.parameters?.versions?.join(", ") ?? "");
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const dCron = useDebounced(cron.trim(), 300);
  const fields = dCron.split(/\s+/).filter(Boolean).length;
  // Checked while typing: the field count here, the rest (ranges, names) by the server's preview.
  const fieldError = dCron && (fields < 5 || fields > 6) ? `A cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 with leading seconds; this one has ${fields}.` : null;
  const tzError = zones.length > 1 && !zones.includes(tz) ? `"${tz}" is not a time zone: pick one from the list (e.g. Europe/Berlin).` : null;
  const preview = useQuery({
    ...trpc.notebook.describeSchedule.queryOptions({ workspaceSlug, cron: dCron || "x", tz }),
    enabled: editing && fields >= 5 && fields <= 6 && !tzError,
    retry: false,
    staleTime: 60_000,
  });

  async function act(name: string, fn: () => Promise<{ schedule: NotebookView["schedule"]; warning?: string }>, done: string) {
    setBusy(name);
    try {
      const res = await fn();
      setCurrent(res.schedule);
      if (res.warning) toast.show(res.warning, "info");
      else toast.show(done);
      setEditing(false);
      void qc.invalidateQueries({ queryKey: trpc.notebook.get.queryKey({ workspaceSlug, notebookId }) });
    } catch (err) {
      toast.show(messageOf(err), "error");
    } finally {
      setBusy(null);
      setConfirmRemove(false);
    }
  }
  const ids = { workspaceSlug, notebookId };

  return (
    <Section
      id="schedule"
      title="Schedule"
      actions={current ? current.paused ? <Badge tone="muted">paused</Badge> : <Badge tone="pass">active</Badge> : <Badge tone="muted">none</Badge>}
    >
      {!editing && current && (
        <div data-testid="schedule-summary">
          <p className="text-sm text-zinc-900">{current.description}</p>
          <p className="mt-0.5 font-mono text-xs text-zinc-500">{current.cron}</p>
          {current.parameters && <p className="mt-1 text-xs text-zinc-600">Scheduled runs use {describeParameters(current.parameters)} instead of the notebook defaults.</p>}
          {current.paused ? <p className="mt-2 text-xs text-zinc-500">Paused: no runs until resumed.</p> : current.nextRuns.length > 0 && <div className="mt-2 text-xs font-medium text-zinc-700">Next runs{nextRunsList(current.nextRuns.slice(0, 3), current.tz)}</div>}
        </div>
      )}
      {!editing && !current && <p className="text-sm text-zinc-500">Not scheduled. Runs happen when someone presses Run or calls the API.</p>}
      {editor && !editing && (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
            {current ? "Change" : "Schedule"}
          </Button>
          {current && !current.paused && (
            <Button size="sm" variant="secondary" busy={busy === "pause"} onClick={() => void act("pause", () => client.notebook.pauseSchedule.mutate(ids), "Schedule paused.")}>
              Pause
            </Button>
          )}
          {current?.paused && (
            <Button size="sm" variant="secondary" busy={busy === "resume"} onClick={() => void act("resume", () => client.notebook.resumeSchedule.mutate(ids), "Schedule resumed.")}>
              Resume
            </Button>
          )}
          {current && (
            <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(true)}>
              Remove
            </Button>
          )}
        </div>
      )}
      {editing && (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const versions = versionsParam.split(",").map((v) => v.trim()).filter(Boolean);
            const parameters = windowParam.trim() || versions.length ? { ...(windowParam.trim() ? { window: windowParam.trim() } : {}), ...(versions.length ? { versions } : {}) } : null;
            void act("save", () => client.notebook.setSchedule.mutate({ ...ids, cron: cron.trim(), tz, parameters }), "Schedule saved.");
          }}
        >
          <div className="flex flex-wrap gap-1">
            {PRESETS.map((p) => (
              <button key={p.cron} type="button" onClick={() => setCron(p.cron)} className="rounded border border-zinc-300 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-100">
                {p.label}
              </button>
            ))}
          </div>
          <Field id="schedule-cron" label="Cron expression" hint="minute hour day-of-month month day-of-week (optional leading seconds)" error={fieldError ?? (preview.error ? messageOf(preview.error) : null)}>
            <Input id="schedule-cron" className="font-mono" value={cron} onChange={(e) => setCron(e.target.value)} invalid={!!fieldError || !!preview.error} />
          </Field>
          <Field id="schedule-tz" label="Time zone" hint="type to search" error={tzError}>
            <Input id="schedule-tz" list="schedule-tz-list" autoComplete="off" value={tz} onChange={(e) => setTz(e.target.value)} invalid={!!tzError} />
            <Suggestions id="schedule-tz-list" values={zones} />
          </Field>
          <div className="grid gap-2 sm:grid-cols-2">
            <Field id="schedule-window" label="Window for scheduled runs" hint='optional, e.g. "last 14 days"; empty = the notebook default'>
              <Input id="schedule-window" value={windowParam} placeholder="notebook default" onChange={(e) => setWindowParam(e.target.value)} />
            </Field>
            <Field id="schedule-versions" label="Versions for scheduled runs" hint="optional, comma separated">
              <Input id="schedule-versions" value={versionsParam} placeholder="notebook default" onChange={(e) => setVersionsParam(e.target.value)} />
            </Field>
          </div>
          {preview.data && (
            <div className="rounded-md bg-zinc-50 p-2 text-xs" data-testid="schedule-preview">
              <p className="font-medium text-zinc-800">{preview.data.description}</p>
              {nextRunsList(preview.data.nextRuns.slice(0, 5), tz)}
            </div>
          )}
          <div className="flex gap-2">
            <Button type="submit" size="sm" busy={busy === "save"} disabled={!!preview.error || !!fieldError || !!tzError}>
              Save schedule
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      <ConfirmDialog
        open={confirmRemove}
        title="Remove the schedule?"
        confirmLabel="Remove schedule"
        busy={busy === "clear"}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => void act("clear", () => client.notebook.clearSchedule.mutate(ids), "Schedule removed.")}
      >
        Scheduled runs stop. Past runs and their results stay.
      </ConfirmDialog>
    </Section>
  );
}
