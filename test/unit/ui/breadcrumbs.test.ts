import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";

const render = (props: Parameters<typeof Breadcrumbs>[0]) => renderToStaticMarkup(createElement(Breadcrumbs, props));
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("Breadcrumbs", () => {
  it("links the crumbs with an href, separates them with ' / ' and sets identifiers in monospace", () => {
    const html = render({
      items: [
        { label: "Models", href: "/w/demo/models" },
        { label: "fraud-risk", href: "/w/demo/models/fraud-risk", mono: true },
        { label: "Runbooks" },
      ],
    });
    expect(text(html)).toBe("Models / fraud-risk / Runbooks");
    expect(html).toContain('<nav aria-label="Breadcrumb" class="text-xs text-zinc-500">');
    expect(html).toContain('<a class="hover:text-zinc-900 hover:underline" href="/w/demo/models">Models</a>');
    expect(html).toContain('<a class="font-mono hover:text-zinc-900 hover:underline" href="/w/demo/models/fraud-risk">fraud-risk</a>');
  });

  it("sets a last crumb without a link in monospace when asked, and keeps the page's spacing class first", () => {
    const html = render({ className: "mb-2", items: [{ label: "Incidents", href: "/w/demo/incidents" }, { label: "a1b2c3d4", mono: true }] });
    expect(html).toContain('class="mb-2 text-xs text-zinc-500"');
    expect(html).toContain('<span class="font-mono">a1b2c3d4</span>');
    expect(text(html)).toBe("Incidents / a1b2c3d4");
  });
});
