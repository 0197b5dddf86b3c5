/**
 * The workspace top bar's navigation. To add a page, add one entry here (order = display order).
 * `href` is relative to /w/<workspace>/; `minRole` hides the item from lower roles (the server
 * still enforces access on every procedure).
 */
export type NavRole = "viewer" | "editor" | "admin";

export interface NavItem {
  label: string;
  href: string;
  minRole?: NavRole;
}

export const NAV_ITEMS: NavItem[] = [
  { label: "Models", href: "models" },
  { label: "Notebooks", href: "notebooks" },
  { label: "Reports", href: "reports" },
  { label: "Incidents", href: "incidents" },
  { label: "Members", href: "settings/members" },
  { label: "API keys", href: "settings/api-keys", minRole: "admin" },
  { label: "Notifications", href: "settings/notifications" },
  { label: "API", href: "api" },
];

const RANK: Record<NavRole, number> = { viewer: 1, editor: 2, admin: 3 };

export function visibleNavItems(role: string): NavItem[] {
  const rank = RANK[role as NavRole] ?? 0;
  return NAV_ITEMS.filter((item) => rank >= RANK[item.minRole ?? "viewer"]);
}
