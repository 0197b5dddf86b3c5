import { Fragment } from "react";
import Link from "next/link";
import { cx } from "./cx";

export interface Crumb {
  label: React.ReactNode;
  /** A link when set; the last crumb (the page itself) usually has none. */
  href?: string;
  /** Identifiers (slugs, ids) in a monospace face. */
  mono?: boolean;
}

/** The trail above a page's title, crumbs separated by " / ". */
export function Breadcrumbs({ items, className }: { items: Crumb[]; className?: string }) {
  return (
    <nav aria-label="Breadcrumb" className={cx(className, "text-xs text-zinc-500")}>
      {items.map((crumb, i) => (
        <Fragment key={i}>
          {i > 0 && " / "}
          {crumb.href ? (
            <Link href={crumb.href} className={cx(crumb.mono && "font-mono", "hover:text-zinc-900 hover:underline")}>
              {crumb.label}
            </Link>
          ) : crumb.mono ? (
            <span className="font-mono">{crumb.label}</span>
          ) : (
            crumb.label
          )}
        </Fragment>
      ))}
    </nav>
  );
}
