/** What the sign-in and sign-up forms say for an error from better-auth, in words a person can act on. */
export type AuthMode = "sign-in" | "sign-up";

export function authErrorMessage(error: { message?: string; status?: number; code?: string }, mode: AuthMode, pageOrigin: string): string {
  if (mode === "sign-in" && (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD")) return "Wrong email or password.";
  if (error.status === 429) return "Too many attempts. Wait a minute and try again.";
  // The server accepts APP_URL and its own local addresses; anything else (a proxy's public name) needs APP_URL.
  if (error.code === "INVALID_ORIGIN" || /^invalid origin$/i.test(error.message ?? ""))
    return `This server does not accept sign-in from ${pageOrigin}. Open it at its APP_URL, or set APP_URL=${pageOrigin} (behind a proxy: the public https:// address people open) and restart evalbook.`;
  return error.message || "Something went wrong. Try again.";
}
