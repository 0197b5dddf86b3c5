/**
 * `evalbook incidents` — open incidents, from a server (`--url`/`--key`, or EVALBOOK_URL /
 * EVALBOOK_API_KEY: GET /api/v1/incidents with a `read` key) or, with neither, from the local
 * database. Exit code 1 while a red line is open, so CI can gate on it; 0 otherwise; 2 when it
 * cannot tell (server unreachable, key refused).
 */
import type { Command } from "commander";
import type { PrismaClient } from "../../generated/prisma/client";
import { env } from "../../env";
import { openIncidents } from "./service";

interface IncidentItem {
  id: string;
  model: string;
  title: string;
  state: string;
  severity: string;
  redLine: boolean;
  cohort: string;
  assignee: string;
  openedAt: string;
}

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
  return summarize(rows.map((r) => ({ id: r.id, model: models.get(r.modelId) ?? r.modelId, title: r.title, state: r.state, severity: r.severity, redLine: r.redLine, cohort: r.cohort, assignee: r.assignee, openedAt: r.createdAt.toISOString() })));
}

/** Open incidents of the API key's workspace, every page of GET /api/v1/incidents. */
export async function remoteIncidentsReport(url: string, key: string): Promise<IncidentsReport> {
  type Page = { items: Array<Omit<IncidentItem, "model" | "openedAt"> & { model: { slug: string } | null; createdAt: string }>; nextCursor: string | null };
  const items: IncidentItem[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ state: "active", limit: "200", ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${url.replace(/\/$/, "")}/api/v1/incidents?${q}`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(30_000) });
    const body = (await res.json().catch(() => null)) as (Page & { error?: { message: string } }) | null;
    if (!res.ok || !body) throw new Error(`${url} answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
    for (const i of body.items)
      items.push({ id: i.id, model: i.model?.slug ?? "?", title: i.title, state: i.state, severity: i.severity, redLine: i.redLine, cohort: i.cohort, assignee: i.assignee, openedAt: i.createdAt });
    cursor = body.nextCursor;
  } while (cursor);
  return summarize(items);
}

function summarize(items: IncidentItem[]): IncidentsReport {
  const rows = items;
  const redLines = items.filter((r) => r.redLine).length;
  const text = rows.length
    ? `${formatTable(["model", "severity", "state", "red line", "incident", "opened (UTC)"], items.map((i) => [i.model, i.severity, i.state, i.redLine ? "yes" : "", i.title, i.openedAt.slice(0, 16).replace("T", " ")]))}\n${rows.length} open incident${rows.length === 1 ? "" : "s"}${redLines ? `, ${redLines} red line${redLines === 1 ? "" : "s"} crossed` : ""}.\n`
    : "No open incidents.\n";
  return { text, json: { open: items.length, redLines, incidents: items }, exitCode: redLines ? 1 : 0 };
}

export function registerIncidentsCommands(program: Command): void {
  program
    .command("incidents")
    .description("List open incidents; exits 1 while a red line is open (a CI gate), 2 when it cannot tell")
    .option("--url <url>", "server URL (default $EVALBOOK_URL); with neither --url nor --key, the local database")
    .option("--key <key>", "API key with the read scope (default $EVALBOOK_API_KEY)")
    .option("--workspace <slug>", "only this workspace (local database; a key already names its workspace)")
    .option("--json", "print JSON")
    .action(async (o: { url?: string; key?: string; workspace?: string; json?: boolean }) => {
      const url = o.url ?? env.EVALBOOK_URL;
      const key = o.key ?? env.EVALBOOK_API_KEY;
      let report: IncidentsReport;
      if (url || key) {
        if (!key) throw new Error("no API key: pass --key or set EVALBOOK_API_KEY (a key with the read scope)");
        try {
          report = await remoteIncidentsReport(url ?? "http://localhost:3000", key);
        } catch (err) {
          process.stderr.write(`evalbook incidents: ${(err as Error).message}\n`);
          process.exitCode = 2;
          return;
        }
      } else {
        const { prisma } = await import("../../db/client");
        try {
          report = await incidentsReport(prisma, o);
        } finally {
          await prisma.$disconnect();
        }
      }
      process.stdout.write(o.json ? `${JSON.stringify(report.json, null, 2)}\n` : report.text);
      process.exitCode = report.exitCode;
    });
}
