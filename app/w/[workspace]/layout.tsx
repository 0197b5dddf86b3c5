import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { getMe, getWorkspace } from "./_data";
import { visibleNavItems } from "./nav-items";
import { TopNav } from "./_components/top-nav";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";
import { SignOutButton } from "@/app/_components/auth/sign-out-button";
import { RoleBadge } from "@/app/_components/ui/badge";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const me = await getMe();
  let workspace: Awaited<ReturnType<typeof getWorkspace>> | null = null;
  let forbidden: string | null = null;
  try {
    workspace = await getWorkspace(slug);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") forbidden = error.message;
    else throw error;
  }
  const items = workspace ? visibleNavItems(workspace.role).map((i) => ({ label: i.label, href: `/w/${slug}/${i.href}` })) : [];

  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 sm:px-6">
          <Link href="/" className="text-sm font-semibold tracking-tight text-zinc-900">
            eval<span className="text-sky-700">book</span>
          </Link>
          <WorkspaceSwitcher current={slug} workspaces={me.workspaces.map((w) => ({ slug: w.slug, name: w.name }))} />
          <div className="ml-auto flex items-center gap-2 sm:order-last">
            <span className="hidden max-w-48 truncate text-xs text-zinc-500 md:inline" title={me.user.email}>
              {me.user.email}
            </span>
            {workspace && <RoleBadge role={workspace.role} />}
            <SignOutButton variant="ghost" />
          </div>
          <TopNav items={items} />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-5 sm:px-6">
        {forbidden ? (
          <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
            {forbidden}{" "}
            <Link href="/" className="font-medium underline">
              Go to your workspace
            </Link>
          </div>
        ) : (
          children
        )}
      </main>
    </div>
  );
}
