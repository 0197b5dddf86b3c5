/**
 * Markdown cells are rendered on the server and sanitized (marked → DOMPurify on a jsdom window):
 * the UI receives HTML that is safe to inject. Raw HTML in the source is kept only as far as
 * DOMPurify's default allow-list permits (no scripts, no event handlers, no javascript: URLs).
 */
import { marked } from "marked";
import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";

let purifier: ReturnType<typeof createDOMPurify> | undefined;

function purify() {
  if (!purifier) {
    const { window } = new JSDOM("");
    purifier = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    // Links open in a new tab without handing the opener over.
    purifier.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A" && node.getAttribute("href")) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    });
  }
  return purifier;
}

const cache = new Map<string, string>();

export function renderMarkdown(source: string): string {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const html = marked.parse(source, { async: false, gfm: true }) as string;
  const clean = purify().sanitize(html, { USE_PROFILES: { html: true } }) as unknown as string;
  if (cache.size > 500) cache.clear();
  cache.set(source, clean);
  return clean;
}
