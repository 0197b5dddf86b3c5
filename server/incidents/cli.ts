/**
 * `evalbook incidents` — open incidents on the local database (the --url/--key server mode comes
 * with the v1 routes). Exit code 1 while a red line is open, so CI can gate on it; 0 otherwise.
 */
import type { Command } from "commander";
import type { PrismaClient } from "../generated/prisma/client";
import { openIncidents } from "./service";

function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const w: number[] = [];
  for (const r of all) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ")).join("\n");
}

export interface IncidentsReport {
  text: string;
  json: unknown;
  exitCode: number;
}

export async function incidentsReport(db: PrismaClient, opts: { workspace?: string; json?: boolean }): Promise<IncidentsReport> {
  let workspaceId: string | undefined;
  if (opts.workspace) {
    const ws = await db.workspace.findUnique({ where: { slug: opts.workspace } });
    if (!ws) throw new Error(`no workspace "${opts.workspace}"`);
    workspaceId = ws.id;
  }
  const rows = await openIncidents(db, workspaceId ? { workspaceId } : {});
  const models = new Map((await db.model.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.modelId))] } }, select: { id: true, slug: true } })).map((m) => [m.id, m.slug]));
  const redLines = rows.filter((r) => r.redLine).length;
  const items = rows.map((r) => ({ id: r.id, model: models.get(r.modelId) ?? r.modelId, title: r.title, state: r.state, severity: r.severity, redLine: r.redLine, cohort: r.cohort, assignee: r.assignee, openedAt: r.createdAt.toISOString() }));
  const text = rows.length
    ? `${formatTable(["model", "severity", "state", "red line", "incident", "opened (UTC)"], items.map((i) => [i.model, i.severity, i.state, i.redLine ? "yes" : "", i.title, i.openedAt.slice(0, 16).replace("T", " ")]))}\n${rows.length} open incident${rows.length === 1 ? "" : "s"}${redLines ? `, ${redLines} red line${redLines === 1 ? "" : "s"} crossed` : ""}.\n`
    : "No open incidents.\n";
  return { text, json: { open: items.length, redLines, incidents: items }, exitCode: redLines ? 1 : 0 };
}

export function registerIncidentsCommands(program: Command): void {
  program
    .command("incidents")
    .description("List open incidents (local database); exits 1 while a red line is open")
    .option("--workspace <slug>", "only this workspace")
    .option("--json", "print JSON")
    .action(async (o: { workspace?: string; json?: boolean }) => {
      const { prisma } = await import("../db/client");
      try {
        const report = await incidentsReport(prisma, o);
        process.stdout.write(o.json ? `${JSON.stringify(report.json, null, 2)}\n` : report.text);
        process.exitCode = report.exitCode;
      } finally {
        await prisma.$disconnect();
      }
    });
}
