import { redirect } from "next/navigation";
import { withCaller } from "./_lib/server";
import { AuthCard } from "./_components/auth/auth-card";
import { SignOutButton } from "./_components/auth/sign-out-button";

export const dynamic = "force-dynamic";

/** `/` → the first workspace's inventory, or sign-in (withCaller redirects on UNAUTHORIZED). */
export default async function Home() {
  const me = await withCaller((c) => c.me.get());
  const first = me.workspaces[0];
  if (first) redirect(`/w/${first.slug}/models`);
  return (
    <AuthCard title="No workspace yet">
      <p className="text-sm text-zinc-600">
        You are signed in as <strong>{me.user.email}</strong>, but you are not a member of any workspace. Ask a workspace admin to invite
        this address; the invitation takes effect the next time you sign in.
      </p>
      <div className="mt-4">
        <SignOutButton />
      </div>
    </AuthCard>
  );
}
