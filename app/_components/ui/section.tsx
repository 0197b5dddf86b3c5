import { cx } from "./cx";

/** A titled card; model pages stack these so each feature owns one clearly separated section. */
export function Section({
  id,
  title,
  description,
  actions,
  className,
  children,
}: {
  id?: string;
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className={cx("rounded-lg border border-zinc-200 bg-white", className)}>
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-zinc-100 px-4 py-3">
        <div>
          <h2 id={id ? `${id}-title` : undefined} className="text-sm font-semibold text-zinc-900">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-zinc-500">{description}</p>}
        </div>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: React.ReactNode; subtitle?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="truncate text-lg font-semibold text-zinc-900">{title}</h1>
        {subtitle && <div className="mt-0.5 text-sm text-zinc-500">{subtitle}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
