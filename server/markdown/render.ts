/**
 * Markdown (notebook cells, runbooks, report narratives) → safe HTML: marked (GFM) on the server,
 * then the allow-list in ./sanitize.ts. The UI receives HTML it may inject as is.
 */
import { marked } from "marked";
import { sanitizeHtml } from "./sanitize";

const cache = new Map<string, string>();

export function renderMarkdown(source: string): string {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const html = marked.parse(source, { async: false, gfm: true }) as string;
  const clean = sanitizeHtml(html);
  if (cache.size > 500) cache.clear();
  cache.set(source, clean);
  return clean;
}
