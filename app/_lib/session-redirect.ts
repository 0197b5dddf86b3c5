/** Where to send someone whose session is missing or expired. Shared by client and server code. */
export function signInUrl(opts: { expired?: boolean; next?: string } = {}): string {
  const params = new URLSearchParams();
  if (opts.expired) params.set("reason", "expired");
  const next = opts.next ? sameOriginPath(opts.next) : null;
  if (next && !next.startsWith("/sign-")) params.set("next", next);
  const qs = params.toString();
  return qs ? `/sign-in?${qs}` : "/sign-in";
}

/** Only same-site paths are followed after sign-in; anything else goes home. */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return (value && sameOriginPath(value)) || "/";
}

const BASE = "http://same-origin.invalid";

/**
 * The path (with query and hash) when `value` stays on this site after the browser's own URL
 * normalisation, else null. Checking the string alone is not enough: browsers read `/\evil.example`
 * (what `next=/%5Cevil.example` decodes to) as `//evil.example`, and drop tabs and newlines.
 */
export function sameOriginPath(value: string): string | null {
  if (!value.startsWith("/") || value.includes("\\") || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? null : path;
}
