/**
 * Markdown (notebook cells, runbooks, report narratives) → safe HTML: marked (GFM) on the server,
 * then the allow-list in ./sanitize.ts. The UI receives HTML it may inject as is.
 */
import { marked } from "marked";
import { BoundedCache, stringBytes } from "../cache/bounded-cache";
import { sanitizeHtml } from "./sanitize";

/** Rendered markdown by source: at most 500 entries and 8 MB. */
const cache = new BoundedCache<string, string>({ name: "markdown → HTML", maxEntries: 500, maxBytes: 8 * 1024 * 1024, sizeOf: (k, v) => stringBytes(k) + stringBytes(v) });

export function renderMarkdown(source: string): string {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const html = marked.parse(source, { async: false, gfm: true }) as string;
  const clean = sanitizeHtml(html);
  cache.set(source, clean);
  return clean;
}
