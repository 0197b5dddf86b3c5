import { cx } from "./cx";

/**
 * Badge tones mean one thing each, everywhere:
 *   pass (healthy, live in production) · warn (needs attention, partial traffic) · fail (broken)
 *   info (neutral, in progress) · muted (n/a, inactive, retired) · plain (labels such as tags)
 */
export type Tone = "pass" | "warn" | "fail" | "info" | "muted" | "plain";

const TONES: Record<Tone, string> = {
  pass: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  warn: "bg-amber-50 text-amber-800 ring-amber-600/25",
  fail: "bg-red-50 text-red-800 ring-red-600/20",
  info: "bg-sky-50 text-sky-800 ring-sky-600/20",
  muted: "bg-zinc-100 text-zinc-600 ring-zinc-500/15",
  plain: "bg-white text-zinc-700 ring-zinc-300",
};

export function Badge({ tone = "plain", className, children, title }: { tone?: Tone; className?: string; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={cx("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", TONES[tone], className)}>
      {children}
    </span>
  );
}

/** Version stages: production is the live one; shadow/canary see real traffic; candidate waits; retired is gone. */
const STAGE_TONE: Record<string, Tone> = {
  production: "pass",
  canary: "warn",
  shadow: "info",
  candidate: "plain",
  retired: "muted",
};

export function StageBadge({ stage }: { stage: string }) {
  return <Badge tone={STAGE_TONE[stage] ?? "plain"}>{stage}</Badge>;
}

const ROLE_TONE: Record<string, Tone> = { admin: "info", editor: "plain", viewer: "muted" };
export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={ROLE_TONE[role] ?? "plain"}>{role}</Badge>;
}
