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
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type createDOMPurify from "dompurify";
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

/**
 * DOMPurify on a jsdom window with the allow-list's hooks. Runs inside the sanitizer thread, which
 * receives it as source text: it must use nothing but its parameters.
 */
function createPurifier(JSDOM: typeof Jsdom.JSDOM, purify: typeof createDOMPurify, allowedImage: (src: string) => boolean): Purifier {
  const { window } = new JSDOM("");
  const p = purify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  p.addHook("uponSanitizeElement", (node, data) => {
    const el = node as Element;
    if (data.tagName === "input" && el.getAttribute?.("type") === "checkbox") {
      el.replaceWith(el.ownerDocument.createTextNode(el.hasAttribute("checked") ? "☑" : "☐"));
    }
  });
  p.addHook("uponSanitizeAttribute", (node, data) => {
    if (data.attrName === "class") data.keepAttr = node.nodeName === "CODE" && /^language-[\w-]+$/.test(data.attrValue);
    else if (data.attrName === "src") data.keepAttr = node.nodeName === "IMG" && allowedImage(data.attrValue);
  });
  p.addHook("afterSanitizeAttributes", (node) => {
    const el = node as Element;
    if (el.tagName === "IMG" && !el.getAttribute("src")) el.remove();
    if (el.tagName === "A" && el.getAttribute("href")) {
      el.setAttribute("target", "_blank");
      el.setAttribute("rel", "noopener noreferrer");
    }
  });
  return p;
}

const PURIFY_CONFIG = {
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  ALLOWED_ATTR: [...ALLOWED_ATTR],
  ADD_ATTR: ["target"],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  FORBID_CONTENTS: ["style", "script", "template", "noscript", "textarea", "select", "option", "title", "iframe", "object", "embed", "svg", "math"],
};

/** A thread with no work for this long is terminated (jsdom's memory goes with it). */
export const SANITIZER_IDLE_MS = 30_000;
/** Longest wait for one reply (the first includes loading jsdom: seconds on a loaded machine). */
const SANITIZER_TIMEOUT_MS = 60_000;

/**
 * jsdom costs ~90 MB resident once loaded (measured: 39 → 136 MB for `require("jsdom")`), and the
 * web app needs it only to sanitize markdown it has not seen yet (results are cached below). So it
 * lives in a worker thread started on the first miss and terminated after SANITIZER_IDLE_MS
 * without work; the caller waits for the reply synchronously (Atomics.wait on a shared flag,
 * then receiveMessageOnPort), so sanitizeHtml stays a plain function. The thread resolves jsdom
 * and DOMPurify from node_modules next to this module (or the working directory).
 */
class SanitizerThread {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private idleTimer: NodeJS.Timeout | undefined;

  get running(): boolean {
    return this.worker !== undefined;
  }

  private start(): void {
    const { port1, port2 } = new MessageChannel();
    const here = import.meta.url.startsWith("file:") ? [path.dirname(fileURLToPath(import.meta.url))] : [];
    const code = `
const { workerData } = require("node:worker_threads");
const { port, flag, paths, config } = workerData;
let purifier, failure;
try {
  const load = (name) => require(require.resolve(name, { paths }));
  purifier = (${createPurifier.toString()})(load("jsdom").JSDOM, load("dompurify"), ${isAllowedImageSource.toString()});
} catch (err) {
  failure = "could not load jsdom/DOMPurify: " + (err && err.message);
}
port.on("message", (html) => {
  let reply;
  try {
    reply = failure ? { error: failure } : { html: purifier.sanitize(html, config) };
  } catch (err) {
    reply = { error: String(err && err.message) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});`;
    const worker = new Worker(code, {
      eval: true,
      workerData: { port: port2, flag: this.flag, paths: [...here, process.cwd()], config: PURIFY_CONFIG },
      transferList: [port2],
    });
    worker.unref(); // never keeps a process alive
    worker.on("error", () => this.stop());
    worker.on("exit", () => {
      if (this.worker === worker) this.stop();
    });
    port1.unref();
    this.worker = worker;
    this.port = port1;
  }

  stop(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.port?.close();
    this.worker = this.port = undefined;
    void worker?.terminate();
  }

  sanitize(html: string): string {
    if (!this.worker) this.start();
    clearTimeout(this.idleTimer);
    Atomics.store(this.flag, 0, 0);
    this.port!.postMessage(html);
    const waited = Atomics.wait(this.flag, 0, 0, SANITIZER_TIMEOUT_MS);
    const reply = receiveMessageOnPort(this.port!)?.message as { html?: string; error?: string } | undefined;
    if (waited === "timed-out" || !reply) {
      this.stop();
      throw new Error(`sanitizing HTML: no reply from the sanitizer thread within ${SANITIZER_TIMEOUT_MS / 1000} s (thread stopped)`);
    }
    this.idleTimer = setTimeout(() => this.stop(), SANITIZER_IDLE_MS);
    this.idleTimer.unref();
    if (reply.error !== undefined) throw new Error(`sanitizing HTML: ${reply.error}`);
    return reply.html!;
  }
}

const thread = new SanitizerThread();

/** Whether the sanitizer thread (and so jsdom) is alive now. */
export function sanitizerThreadRunning(): boolean {
  return thread.running;
}

/** Terminates the sanitizer thread now (it restarts on the next cache miss). */
export function stopSanitizerThread(): void {
  thread.stop();
}

/** Sanitized HTML by input: at most 500 entries and 8 MB. */
const cache = new BoundedCache<string, string>({ name: "sanitized HTML", maxEntries: 500, maxBytes: 8 * 1024 * 1024, sizeOf: (k, v) => stringBytes(k) + stringBytes(v) });

/** Untrusted HTML → HTML that keeps only the allow-list above. */
export function sanitizeHtml(html: string): string {
  const hit = cache.get(html);
  if (hit !== undefined) return hit;
  const clean = thread.sanitize(html);
  cache.set(html, clean);
  return clean;
}
