/**
 * The one HTML allow-list for everything user-written that is shown as HTML: notebook markdown
 * cells, runbooks and report narratives, in the app, on share pages, in the HTML export and the
 * PDF. DOMPurify on a jsdom window, configured as an explicit allow-list (not DOMPurify's
 * defaults, which keep forms, <style>, style attributes and images from anywhere):
 *
 * - elements: text structure only (ALLOWED_TAGS below) — no form controls, no <style>, <link>,
 *   <iframe>, <object>, <svg>, <math>, <script>; the content of <style>/<script>/<template> is
 *   dropped with them, the text of other removed elements is kept;
 * - attributes: href/title on links, src/alt/title/width/height on images, align/colspan/rowspan
 *   on table cells, start on ordered lists, `class` only as `language-*` on code; never `style`,
 *   `id`, `name` or event handlers — so nothing can be positioned over the page (position:fixed);
 * - links: http(s), mailto, relative and #fragment URLs (DOMPurify's URI check); they open in a
 *   new tab with rel="noopener noreferrer";
 * - images: only `data:image/…` or same-origin (a path such as `/x.png`, not `//host/x.png`);
 *   any other image is removed, so opening a report never calls another server;
 * - GFM task-list checkboxes become the characters ☑ / ☐ (no <input> survives).
 */
import { createRequire } from "node:module";
import createDOMPurify from "dompurify";
import type * as Jsdom from "jsdom";
import { BoundedCache, stringBytes } from "../cache/bounded-cache";

export const ALLOWED_TAGS = [
  "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
  "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "abbr", "kbd", "code", "pre", "blockquote",
  "ul", "ol", "li", "dl", "dt", "dd",
  "a", "img",
  "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
  "span", "div",
] as const;

export const ALLOWED_ATTR = ["href", "title", "src", "alt", "width", "height", "align", "colspan", "rowspan", "start", "class"] as const;

/** `data:image/<type>` or a same-origin path (`/…`, `./…`, `x.png`; never `//host` or a scheme). */
export function isAllowedImageSource(src: string): boolean {
  const s = src.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(s)) return true;
  if (s.startsWith("//") || s.startsWith("\\")) return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(s);
}

type Purifier = ReturnType<typeof createDOMPurify>;
let purifier: Purifier | undefined;

function purify(): Purifier {
  if (purifier) return purifier;
  // jsdom costs ~90 MB once loaded: required on the first sanitize, not when a process merely
  // imports this module (the worker imports it through runs.ts and never renders markdown).
  const { JSDOM } = createRequire(import.meta.url)("jsdom") as typeof Jsdom;
  const { window } = new JSDOM("");
  const p = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  p.addHook("uponSanitizeElement", (node, data) => {
    const el = node as Element;
    if (data.tagName === "input" && el.getAttribute?.("type") === "checkbox") {
      el.replaceWith(el.ownerDocument.createTextNode(el.hasAttribute("checked") ? "☑" : "☐"));
    }
  });
  p.addHook("uponSanitizeAttribute", (node, data) => {
    if (data.attrName === "class") data.keepAttr = node.nodeName === "CODE" && /^language-[\w-]+$/.test(data.attrValue);
    else if (data.attrName === "src") data.keepAttr = node.nodeName === "IMG" && isAllowedImageSource(data.attrValue);
  });
  p.addHook("afterSanitizeAttributes", (node) => {
    const el = node as Element;
    if (el.tagName === "IMG" && !el.getAttribute("src")) el.remove();
    if (el.tagName === "A" && el.getAttribute("href")) {
      el.setAttribute("target", "_blank");
      el.setAttribute("rel", "noopener noreferrer");
    }
  });
  return (purifier = p);
}

/** Sanitized HTML by input: at most 500 entries and 8 MB. */
const cache = new BoundedCache<string, string>({ name: "sanitized HTML", maxEntries: 500, maxBytes: 8 * 1024 * 1024, sizeOf: (k, v) => stringBytes(k) + stringBytes(v) });

/** Untrusted HTML → HTML that keeps only the allow-list above. */
export function sanitizeHtml(html: string): string {
  const hit = cache.get(html);
  if (hit !== undefined) return hit;
  const clean = purify().sanitize(html, {
    ALLOWED_TAGS: [...ALLOWED_TAGS],
    ALLOWED_ATTR: [...ALLOWED_ATTR],
    ADD_ATTR: ["target"],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    FORBID_CONTENTS: ["style", "script", "template", "noscript", "textarea", "select", "option", "title", "iframe", "object", "embed", "svg", "math"],
  });
  cache.set(html, clean);
  return clean;
}
