import { cx } from "./cx";

/** A determinate progress bar with its label for screen readers. */
export function ProgressBar({ value, label, tone = "info", className }: { value: number; label: string; tone?: "info" | "pass" | "fail" | "muted"; className?: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={v}
      className={cx("h-2 w-full overflow-hidden rounded-full bg-zinc-200", className)}
    >
      <div
        className={cx(
          "h-full rounded-full transition-[width] duration-500",
          tone === "info" && "bg-sky-600",
          tone === "pass" && "bg-emerald-600",
          tone === "fail" && "bg-red-600",
          tone === "muted" && "bg-zinc-400",
        )}
        style={{ width: `${v}%` }}
      />
    </div>
  );
}
