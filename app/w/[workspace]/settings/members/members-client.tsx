"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { fieldErrorsOf, isInputValidationError, messageOf } from "@/app/_trpc/errors";
import { RoleBadge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Field, Input, Options, Select } from "@/app/_components/ui/input";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { SecretReveal } from "@/app/_components/ui/secret-reveal";
import { Section } from "@/app/_components/ui/section";
import { DataTable, TimeCell } from "@/app/_components/ui/table";

const ROLES = ["viewer", "editor", "admin"] as const;
type Role = (typeof ROLES)[number];
const ROLE_HELP: Record<Role, string> = {
  viewer: "reads everything",
  editor: "also changes models, contracts, notebooks",
  admin: "also manages members, API keys, deletion",
};

interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  since: string;
}
interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
}

type Invited = { status: "added"; email: string; role: Role } | { status: "invited"; email: string; role: Role; inviteUrl: string; expiresAt: string | Date };

type Pending = { kind: "remove"; member: Member } | { kind: "revoke"; invitation: Invitation } | null;

export function MembersPanel({
  workspaceSlug,
  admin,
  currentUserId,
  members,
  invitations,
}: {
  workspaceSlug: string;
  admin: boolean;
  currentUserId: string;
  members: Member[];
  invitations: Invitation[];
}) {
  const trpc = useTRPC();
  const { done, failed } = useMutationFeedback();
  const [pending, setPending] = useState<Pending>(null);
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const close = () => setPending(null);
  const invited = done(
    (r: Invited) => (r.status === "added" ? `${r.email} already had an account and was added as ${r.role}.` : `Invitation created for ${r.email} (${r.role}): send them the link.`),
    (r) => {
      if (r.status === "invited") setLink({ email: r.email, url: r.inviteUrl });
      close();
    },
  );
  const fail = failed(close);

  const renew = useMutation(trpc.workspace.invite.mutationOptions({ onSuccess: (r) => invited(r as Invited), onError: fail }));
  const setRole = useMutation(trpc.workspace.setRole.mutationOptions({ onSuccess: done((r) => `Role changed to ${r.role}.`, close), onError: fail }));
  const remove = useMutation(trpc.workspace.removeMember.mutationOptions({ onSuccess: done("Member removed.", close), onError: fail }));
  const revoke = useMutation(trpc.workspace.revokeInvitation.mutationOptions({ onSuccess: done("Invitation revoked.", close), onError: fail }));

  return (
    <div className="space-y-4">
      {link && (
        <SecretReveal
          testId="invite-link"
          secretTestId="invite-link-url"
          message={`Invitation link for ${link.email}. Send it to them yourself: it is shown only now, works once and expires in 7 days.`}
          secret={link.url}
          onDone={() => setLink(null)}
        />
      )}
      {admin && <InviteForm workspaceSlug={workspaceSlug} onInvited={invited} />}

      <Section id="members" title={`Members (${members.length})`}>
        <DataTable
          flush
          testId="members-table"
          caption="Members"
          rows={members}
          rowKey={(m) => m.userId}
          rowAttributes={(m) => ({ "data-member": m.email })}
          columns={[
            {
              key: "member",
              header: "Member",
              render: (m) => (
                <>
                  <div className="font-medium text-zinc-900">
                    {m.name || m.email}
                    {m.userId === currentUserId && <span className="ml-1 text-xs font-normal text-zinc-500">(you)</span>}
                  </div>
                  <div className="text-xs break-all text-zinc-500">{m.email}</div>
                </>
              ),
            },
            {
              key: "role",
              header: "Role",
              render: (m) =>
                admin ? (
                  <>
                    <label htmlFor={`role-${m.userId}`} className="sr-only">
                      Role of {m.email}
                    </label>
                    <Select
                      id={`role-${m.userId}`}
                      value={m.role}
                      disabled={setRole.isPending}
                      onChange={(e) => setRole.mutate({ workspaceSlug, userId: m.userId, role: e.target.value as Role })}
                      className="h-7 w-28 text-xs"
                    >
                      <Options choices={ROLES} />
                    </Select>
                  </>
                ) : (
                  <RoleBadge role={m.role} />
                ),
            },
            { key: "since", header: "Member since", className: "hidden sm:table-cell", render: (m) => <TimeCell value={m.since} /> },
            ...(admin
              ? [
                  {
                    key: "actions",
                    header: <span className="sr-only">Actions</span>,
                    align: "right" as const,
                    render: (m: (typeof members)[number]) => (
                      <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setPending({ kind: "remove", member: m })}>
                        Remove
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Section>

      <Section id="invitations" title={`Pending invitations (${invitations.length})`} description="Invited people join with their role when they sign up through their invitation link.">
        {invitations.length === 0 ? (
          <EmptyState title="No pending invitations">{admin ? "Invite someone above." : null}</EmptyState>
        ) : (
          <ul className="-my-2 divide-y divide-zinc-100" data-testid="invitations">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <span className="w-full min-w-0 break-all text-zinc-900 sm:w-auto sm:flex-1">{i.email}</span>
                <RoleBadge role={i.role} />
                <span className="text-xs text-zinc-500">
                  invited <RelativeTime value={i.createdAt} />
                  {" · "}
                  {i.expiresAt === null ? (
                    "no link yet"
                  ) : new Date(i.expiresAt) < new Date() ? (
                    "link expired"
                  ) : (
                    <>
                      link expires <RelativeTime value={i.expiresAt} />
                    </>
                  )}
                </span>
                {admin && (
                  <Button variant="ghost" size="sm" busy={renew.isPending && renew.variables?.email === i.email} onClick={() => renew.mutate({ workspaceSlug, email: i.email, role: i.role })}>
                    New link
                  </Button>
                )}
                {admin && (
                  <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setPending({ kind: "revoke", invitation: i })}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === "remove" ? `Remove ${pending.member.email}?` : pending?.kind === "revoke" ? `Revoke the invitation for ${pending.invitation.email}?` : ""}
        confirmLabel={pending?.kind === "remove" ? "Remove member" : "Revoke invitation"}
        busy={remove.isPending || revoke.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending?.kind === "remove") remove.mutate({ workspaceSlug, userId: pending.member.userId });
          if (pending?.kind === "revoke") revoke.mutate({ workspaceSlug, invitationId: pending.invitation.id });
        }}
      >
        {pending?.kind === "remove" ? (
          <p>
            {pending.member.userId === currentUserId ? "You will lose access to this workspace at once." : "They lose access to this workspace at once."} Their past changes stay in the audit trail.
          </p>
        ) : (
          <p>The address can no longer sign up through this invitation.</p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function InviteForm({ workspaceSlug, onInvited }: { workspaceSlug: string; onInvited: (result: Invited) => void }) {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("viewer");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const invite = useMutation(
    trpc.workspace.invite.mutationOptions({
      onSuccess: (r) => {
        setEmail("");
        setErrors({});
        setFormError(null);
        onInvited(r as Invited);
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        setErrors(fields);
        setFormError(Object.keys(fields).length && isInputValidationError(error) ? null : messageOf(error));
        const first = fields.email ? "#invite-email" : fields.role ? "#invite-role" : null;
        if (first) formRef.current?.querySelector<HTMLElement>(first)?.focus();
      },
    }),
  );
  return (
    <Section id="invite" title="Invite a member">
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ workspaceSlug, email: email.trim(), role: role as Role });
        }}
        className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start"
      >
        <Field id="invite-email" label="Email" error={errors.email}>
          <Input id="invite-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} invalid={Boolean(errors.email)} placeholder="name@company.com" />
        </Field>
        <Field id="invite-role" label="Role" hint={ROLE_HELP[role as Role]} error={errors.role}>
          <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value)} invalid={Boolean(errors.role)}>
            <Options choices={ROLES} />
          </Select>
        </Field>
        <Button type="submit" busy={invite.isPending} className="sm:mt-5">
          Invite
        </Button>
        {formError && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-3">
            {formError}
          </p>
        )}
      </form>
    </Section>
  );
}
