"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { authClient } from "@/app/_lib/auth-client";
import { safeNext } from "@/app/_lib/session-redirect";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/input";
import { authErrorMessage, type AuthMode } from "./auth-message";

type Mode = AuthMode;

/** Email + password sign-in or sign-up through better-auth; the server's message is shown as is. */
export function AuthForm({ mode, next, inviteToken }: { mode: Mode; next: string; inviteToken?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    setBusy(true);
    setError(null);
    const result =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email(
            { email, password, name: String(data.get("name") ?? "").trim() || email.split("@")[0]! },
            { headers: inviteToken ? { "x-evalbook-invite": inviteToken } : {} },
          );
    if (result.error) {
      setBusy(false);
      setError(authErrorMessage(result.error, mode, window.location.origin));
      formRef.current?.querySelector<HTMLInputElement>(mode === "sign-in" ? "#password" : "#email")?.focus();
      return;
    }
    // A full navigation, so server components read the new session cookie.
    window.location.assign(safeNext(next));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate={false}>
      {error && (
        <div role="alert" data-testid="auth-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </div>
      )}
      {mode === "sign-up" && (
        <Field id="name" label="Name">
          <Input id="name" name="name" autoComplete="name" />
        </Field>
      )}
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" autoComplete="email" required autoFocus />
      </Field>
      <Field id="password" label="Password" hint={mode === "sign-up" ? "At least 8 characters." : undefined}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          required
          minLength={mode === "sign-up" ? 8 : undefined}
        />
      </Field>
      <Button type="submit" className="w-full" busy={busy}>
        {mode === "sign-in" ? "Sign in" : "Create account"}
      </Button>
      <p className="text-center text-xs text-zinc-500">
        {mode === "sign-in" ? (
          <>
            New here?{" "}
            <Link href="/sign-up" className="font-medium text-sky-700 hover:underline">
              Create an account
            </Link>
          </>
        ) : (
          <>
            Already have an account?{" "}
            <Link href="/sign-in" className="font-medium text-sky-700 hover:underline">
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
