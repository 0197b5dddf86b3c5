import type { Metadata } from "next";
import { AuthCard } from "../_components/auth/auth-card";
import { AuthForm } from "../_components/auth/auth-form";
import { safeNext } from "../_lib/session-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const expired = params.reason === "expired";
  return (
    <AuthCard title="Sign in" subtitle="to your evalbook workspace">
      {expired && (
        <div role="status" data-testid="session-expired" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your session has expired. Sign in again to continue.
        </div>
      )}
      <AuthForm mode="sign-in" next={safeNext(params.next)} />
    </AuthCard>
  );
}
