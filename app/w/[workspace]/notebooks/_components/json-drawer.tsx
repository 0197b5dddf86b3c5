"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Drawer } from "@/app/_components/ui/drawer";
import { Textarea } from "@/app/_components/ui/input";
import { useToast } from "@/app/_components/ui/toast";

/**
 * The notebook as JSON (cells, data-selection defaults and its guardrails), through the v1
 * document endpoint: download it, or edit/paste/load a document, check it (nothing saved) and save
 * it. Every problem is listed with its path, e.g. `guardrails[2].warn`.
 */

interface Plan {
  cells: number;
  created: string[];
  updated: string[];
  unchanged: string[];
  deleted: string[];
}
interface Problem {
  field: string;
  message: string;
}

function documentUrl(notebookId: string, dryRun = false) {
  return `/api/v1/notebooks/${encodeURIComponent(notebookId)}/document${dryRun ? "?dryRun=true" : ""}`;
}

async function request(workspaceSlug: string, url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, headers: { "x-evalbook-workspace": workspaceSlug, "content-type": "application/json", ...init.headers } });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: { message: string; details?: { fields?: Problem[] } } };
  return { ok: res.ok, status: res.status, body };
}

function planText(p: Plan): string {
  const parts = [`${p.cells} cell${p.cells === 1 ? "" : "s"}`];
  const list = (label: string, names: string[]) => names.length && parts.push(`${label}: ${names.join(", ")}`);
  list("new guardrails", p.created);
  list("changed", p.updated);
  list("deleted", p.deleted);
  if (!p.created.length && !p.updated.length && !p.deleted.length) parts.push("guardrails unchanged");
  return parts.join(" · ");
}

export function JsonDocumentButton({
  workspaceSlug,
  notebookId,
  modelSlug,
  editor,
  beforeOpen,
  onSaved,
}: {
  workspaceSlug: string;
  notebookId: string;
  modelSlug: string;
  editor: boolean;
  /** saves pending edits first, so the document is the notebook as shown */
  beforeOpen: () => Promise<boolean>;
  onSaved: () => Promise<void>;
}) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState<"load" | "check" | "save" | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);

  async function load() {
    setBusy("load");
    setProblems([]);
    setPlan(null);
    try {
      await beforeOpen();
      const res = await request(workspaceSlug, documentUrl(notebookId));
      if (!res.ok) throw new Error(res.body.error?.message ?? `HTTP ${res.status}`);
      setText(JSON.stringify(res.body, null, 2));
    } catch (err) {
      toast.show((err as Error).message, "error");
    } finally {
      setBusy(null);
    }
  }

  function download() {
    const blob = new Blob([text.endsWith("\n") ? text : `${text}\n`], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${modelSlug}-notebook-${notebookId}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  async function submit(dryRun: boolean) {
    setProblems([]);
    setPlan(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      setProblems([{ field: "(document)", message: `not valid JSON: ${(err as Error).message}` }]);
      return;
    }
    setBusy(dryRun ? "check" : "save");
    try {
      const res = await request(workspaceSlug, documentUrl(notebookId, dryRun), { method: "PUT", body: JSON.stringify(parsed) });
      if (!res.ok) {
        const fields = res.body.error?.details?.fields;
        setProblems(fields?.length ? fields : [{ field: "", message: res.body.error?.message ?? `HTTP ${res.status}` }]);
        return;
      }
      const p = res.body.plan as Plan;
      if (dryRun) {
        setPlan(p);
        return;
      }
      toast.show(`Saved from JSON as revision ${String(res.body.revision)}: ${planText(p)}.`);
      await onSaved();
      setOpen(false);
    } catch (err) {
      toast.show((err as Error).message, "error");
    } finally {
      setBusy(null);
    }
  }

  async function readFile(file: File) {
    setText(await file.text());
    setProblems([]);
    setPlan(null);
  }

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setOpen(true);
          void load();
        }}
      >
        JSON
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title="Notebook as JSON" wide>
        <div className="space-y-3 text-sm">
          <p className="text-zinc-600">
            Cells, data-selection defaults and the guardrails that watch this notebook&apos;s cells (each names its <code>cell</code> by id or title, runbooks by
            title). {editor ? "Edit it here or load a file, check it, then save: the notebook and its guardrails change together, or not at all." : null}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" variant="secondary" onClick={download} disabled={!text || busy === "load"}>
              Export JSON
            </Button>
            {editor && (
              <label className="inline-flex cursor-pointer items-center rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-800 hover:bg-zinc-50">
                Import file…
                <input type="file" accept="application/json,.json" className="sr-only" aria-label="Import JSON file" onChange={(e) => e.target.files?.[0] && void readFile(e.target.files[0])} />
              </label>
            )}
            <Button size="sm" variant="ghost" onClick={() => void load()} busy={busy === "load"}>
              Reload from notebook
            </Button>
          </div>
          <Textarea
            aria-label="Notebook JSON"
            value={text}
            readOnly={!editor}
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value);
              setPlan(null);
            }}
            invalid={problems.length > 0}
            className="h-[55vh] font-mono text-xs"
          />
          {problems.length > 0 && (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
              <p className="font-medium">Not saved — {problems.length === 1 ? "one problem" : `${problems.length} problems`}:</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.field && <code className="font-mono text-xs">{p.field}</code>}
                    {p.field ? ": " : ""}
                    {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {plan && (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900">
              Valid. Saving would write {planText(plan)}.
            </p>
          )}
          {editor && (
            <div className="flex gap-2">
              <Button size="sm" variant="secondary" onClick={() => void submit(true)} busy={busy === "check"} disabled={!text}>
                Check
              </Button>
              <Button size="sm" onClick={() => void submit(false)} busy={busy === "save"} disabled={!text}>
                Save from JSON
              </Button>
            </div>
          )}
        </div>
      </Drawer>
    </>
  );
}
