/** Export a report as one standalone HTML file or a PDF (both from the same frozen snapshot). */
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest } from "../domain/errors";
import { REPORT_CSP_HEADER, renderStandaloneHtml } from "./html";
import { htmlToPdf } from "./pdf";
import { requireReport, toRenderable } from "./service";

export type ExportFormat = "html" | "pdf";

export function parseFormat(v: string | null): ExportFormat {
  if (v === null || v === "" || v === "html") return "html";
  if (v === "pdf") return "pdf";
  throw badRequest(`Unknown export format "${v}": use format=html or format=pdf.`, [{ field: "format", message: "html or pdf" }]);
}

function fileName(title: string, ext: string) {
  const base = title.normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "report";
  return `${base}.${ext}`;
}

export async function exportReport(db: PrismaClient, workspaceId: string, reportId: string, format: ExportFormat): Promise<Response> {
  const report = toRenderable(await requireReport(db, workspaceId, reportId));
  const html = renderStandaloneHtml(report);
  if (format === "html") {
    return new Response(html, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName(report.title, "html")}"`,
        "cache-control": "private, no-store",
        "content-security-policy": REPORT_CSP_HEADER,
        "x-content-type-options": "nosniff",
      },
    });
  }
  const pdf = await htmlToPdf(html, { title: report.title });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${fileName(report.title, "pdf")}"`,
      "cache-control": "private, no-store",
    },
  });
}
