/**
 * Plot labels its marks' groups with aria-label ("bar", "rule", "link") on bare <g> elements, whose
 * implicit role does not allow a label (axe: aria-prohibited-attr). Giving each such group the
 * role "group" keeps the labels screen readers announce and makes them valid. Used on every chart,
 * drawn in the browser or rendered to SVG on the server.
 */
export function labelPlotGroups(root: Element): Element {
  for (const g of Array.from(root.querySelectorAll("g[aria-label]:not([role])"))) g.setAttribute("role", "group");
  return root;
}
