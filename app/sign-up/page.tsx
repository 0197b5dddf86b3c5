import type { Metadata } from "next";
import { AuthCard } from "../_components/auth/auth-card";
import { AuthForm } from "../_components/auth/auth-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const invite = typeof params.invite === "string" ? params.invite : undefined;
  return (
    <AuthCard
      title="Create an account"
      subtitle={
        invite
          ? "You were invited: create your account with the address the invitation was sent to."
          : "The first account on a new instance becomes admin of its first workspace. After that, open the invitation link a workspace admin sent you."
      }
    >
      <AuthForm mode="sign-up" next="/" inviteToken={invite} />
    </AuthCard>
  );
}
