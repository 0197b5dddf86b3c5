/**
 * The one HTML allow-list for everything user-written that is shown as HTML: notebook markdown
 * cells, runbooks and report narratives, in the app, on share pages, in the HTML export and the
 * PDF. sanitize-html (an allow-list sanitizer on htmlparser2: no DOM, no jsdom), run in-process
 * and synchronously, configured as an explicit allow-list:
 *
 * - elements: text structure only (ALLOWED_TAGS below) — no form controls, no <style>, <link>,
 *   <iframe>, <object>, <svg>, <math>, <script>; the content of style/script/template/noscript/
 *   textarea/select/option/title/iframe/object/embed/svg/math (DROPPED_WITH_CONTENT) is dropped
 *   with them, the text of other removed elements is kept;
 * - attributes: href/title on links, src/alt/title/width/height on images, align/colspan/rowspan
 *   on table cells, start on ordered lists, `class` only as `language-*` on code; never `style`,
 *   `id`, `name` or event handlers — so nothing can be positioned over the page (position:fixed);
 * - links: http(s), mailto, relative and #fragment URLs (isAllowedLinkTarget); they open in a
 *   new tab with rel="noopener noreferrer";
 * - images: only `data:image/…` or same-origin (a path such as `/x.png`, not `//host/x.png`);
 *   any other image is removed, so opening a report never calls another server;
 * - GFM task-list checkboxes become the characters ☑ / ☐ (no <input> survives).
 */
import sanitize from "sanitize-html";
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

type AllowedAttr = (typeof ALLOWED_ATTR)[number];

/** Which of ALLOWED_ATTR each element may carry (`class` on code is further limited to `language-*`). */
const ATTR_BY_TAG: Record<string, readonly AllowedAttr[]> = {
  a: ["href", "title"],
  img: ["src", "alt", "title", "width", "height"],
  th: ["align", "colspan", "rowspan"],
  td: ["align", "colspan", "rowspan"],
  ol: ["start"],
};

/** Removed elements whose content goes with them (the text of any other removed element is kept). */
export const DROPPED_WITH_CONTENT = ["style", "script", "template", "noscript", "textarea", "select", "option", "title", "iframe", "object", "embed", "svg", "math", "xmp"] as const;

const LINK_SCHEMES = ["http", "https", "mailto"];

/** `data:image/<type>` or a same-origin path (`/…`, `./…`, `x.png`; never `//host` or a scheme). */
export function isAllowedImageSource(src: string): boolean {
  const s = src.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(s)) return true;
  if (s.startsWith("//") || s.startsWith("\\")) return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(s);
}

/**
 * http(s), mailto, relative or #fragment. Control characters and whitespace are ignored first, as
 * browsers do (`java\tscript:` is `javascript:`).
 */
export function isAllowedLinkTarget(href: string): boolean {
  const s = href.replace(/[\p{Cc}\s]+/gu, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s);
  return scheme ? LINK_SCHEMES.includes(scheme[1]!.toLowerCase()) : true;
}

const CHECKED = "☑";
const UNCHECKED = "☐";

const OPTIONS: sanitize.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: { ...Object.fromEntries(Object.entries(ATTR_BY_TAG).map(([tag, attrs]) => [tag, [...attrs]])), a: ["href", "title", "target", "rel"] },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: ["data"] },
  allowProtocolRelative: true, // `//host/x` links are http(s); images are held to isAllowedImageSource below
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  nonTextTags: [...DROPPED_WITH_CONTENT],
  transformTags: {
    // Links: only allowed targets; any target/rel written by the author is replaced.
    a: (tagName, attribs) => {
      const { href, title } = attribs;
      const kept: sanitize.Attributes = {};
      if (href !== undefined && isAllowedLinkTarget(href)) Object.assign(kept, { href, target: "_blank", rel: "noopener noreferrer" });
      if (title !== undefined) kept.title = title;
      return { tagName, attribs: kept };
    },
    // GFM task-list checkboxes → ☑ / ☐: a bare <span> holding the character, unwrapped below
    // (sanitize-html drops the text that follows a removed element given text of its own).
    input: (tagName, attribs) =>
      (attribs.type ?? "").toLowerCase() === "checkbox" ? { tagName: "span", attribs: {}, text: "checked" in attribs ? CHECKED : UNCHECKED } : { tagName, attribs: {} },
  },
  // An image without an allowed source goes entirely.
  exclusiveFilter: (frame) => frame.tag === "img" && !(frame.attribs.src && isAllowedImageSource(frame.attribs.src)),
};

/** Sanitized HTML by input: at most 500 entries and 8 MB. */
const cache = new BoundedCache<string, string>({ name: "sanitized HTML", maxEntries: 500, maxBytes: 8 * 1024 * 1024, sizeOf: (k, v) => stringBytes(k) + stringBytes(v) });

/** Untrusted HTML → HTML that keeps only the allow-list above. */
export function sanitizeHtml(html: string): string {
  const hit = cache.get(html);
  if (hit !== undefined) return hit;
  // sanitize-html writes void elements as `<br />`; HTML needs no slash. Text and attribute values
  // come out with `>` escaped, so " />" occurs only at the end of a tag. A bare span around a
  // checkbox character is the task-list checkbox (see transformTags), unwrapped to the character.
  const clean = sanitize(html, OPTIONS)
    .replaceAll(" />", ">")
    .replaceAll(`<span>${CHECKED}</span>`, CHECKED)
    .replaceAll(`<span>${UNCHECKED}</span>`, UNCHECKED);
  cache.set(html, clean);
  return clean;
}
