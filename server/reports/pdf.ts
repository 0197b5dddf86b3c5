/**
 * PDF export: the standalone HTML printed by headless Chromium (playwright-core with the system
 * Chromium — never a downloaded browser). Figures never split across pages; every page carries
 * "page N of M" in its footer.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DomainError } from "../domain/errors";
import { env } from "../env";

export function chromiumPath(): string {
  return env.CHROMIUM_PATH;
}

export class ChromiumMissingError extends DomainError {
  constructor(where: string) {
    super(
      "UNAVAILABLE",
      `PDF export needs Chromium, which is not installed at ${where}. Install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu), or set CHROMIUM_PATH to an installed Chrome/Chromium binary, then try again. The HTML export works without it.`,
      { chromiumPath: where },
    );
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** Renders one HTML document to PDF bytes. Calls run one at a time (Chromium is heavy on 2 cores). */
export function htmlToPdf(html: string, opts: { title?: string } = {}): Promise<Buffer> {
  const job = queue.then(() => render(html, opts));
  queue = job.catch(() => {});
  return job;
}

async function render(html: string, opts: { title?: string }): Promise<Buffer> {
  const exe = chromiumPath();
  if (!existsSync(/*turbopackIgnore: true*/ exe)) throw new ChromiumMissingError(exe);
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(path.join(os.tmpdir(), "evalbook-pdf-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: exe,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await context.newPage();
    // Nothing may leave the machine while printing: the document is self-contained.
    await page.route(/^(?!data:|about:)/, (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const footer = `<div style="font-size:8px;width:100%;padding:0 12mm;color:#71717a;display:flex;justify-content:space-between"><span>${escapeHtml(opts.title ?? "evalbook report")}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<div></div>",
      footerTemplate: footer,
      margin: { top: "14mm", bottom: "16mm", left: "12mm", right: "12mm" },
    });
    return Buffer.from(pdf);
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
