import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Select, Suggestions } from "@/app/_components/ui/input";

const render = (el: React.ReactElement) => renderToStaticMarkup(el);

describe("Select options", () => {
  it("renders a string as value and label, a choice with its own label, in the given order", () => {
    const html = render(createElement(Select, { id: "s", defaultValue: "b", options: ["a", { value: "b", label: "Bee" }] }));
    expect(html).toMatch(/<option value="a">a<\/option><option value="b" selected="">Bee<\/option><\/select>$/);
  });

  it("puts the caller's own first choice (children) before the options", () => {
    const html = render(createElement(Select, { id: "s", options: ["x"] }, createElement("option", { value: "" }, "Any")));
    expect(html).toContain('<option value="">Any</option><option value="x">x</option>');
  });

  it("without options renders only the children", () => {
    const html = render(createElement(Select, { id: "s" }, createElement("option", { value: "only" }, "Only")));
    expect(html.match(/<option/g)).toHaveLength(1);
  });
});

describe("Suggestions", () => {
  it("is a datalist of value-only options under the given id", () => {
    expect(render(createElement(Suggestions, { id: "tz", values: ["UTC", "Europe/Paris"] }))).toBe('<datalist id="tz"><option value="UTC"></option><option value="Europe/Paris"></option></datalist>');
  });
});
