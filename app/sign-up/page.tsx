import type { Metadata } from "next";
import { AuthCard } from "../_components/auth/auth-card";
import { AuthForm } from "../_components/auth/auth-form";

export const metadata: Metadata = { title: "Create account" };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create an account"
      subtitle="The first account on a new instance becomes admin of its first workspace. After that, sign up with an address a workspace admin has invited."
    >
      <AuthForm mode="sign-up" next="/" />
    </AuthCard>
  );
}
