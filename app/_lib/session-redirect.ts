/** Where to send someone whose session is missing or expired. Shared by client and server code. */
export function signInUrl(opts: { expired?: boolean; next?: string } = {}): string {
  const params = new URLSearchParams();
  if (opts.expired) params.set("reason", "expired");
  if (opts.next && opts.next.startsWith("/") && !opts.next.startsWith("//") && !opts.next.startsWith("/sign-")) params.set("next", opts.next);
  const qs = params.toString();
  return qs ? `/sign-in?${qs}` : "/sign-in";
}

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}
