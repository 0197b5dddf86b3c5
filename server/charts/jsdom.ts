/**
 * jsdom, required on first use. It costs ~90 MB resident once loaded, so a module that needs it
 * for some requests only (charts rendered to SVG for share pages and exports) must not load it when
 * the module itself is imported — the web app imports those modules for every page through the
 * API router. Markdown sanitizing does not use jsdom (server/markdown/sanitize.ts: sanitize-html).
 */
import { createRequire } from "node:module";
import type * as Jsdom from "jsdom";

let jsdom: typeof Jsdom | undefined;

export function loadJsdom(): typeof Jsdom {
  return (jsdom ??= createRequire(import.meta.url)("jsdom") as typeof Jsdom);
}
