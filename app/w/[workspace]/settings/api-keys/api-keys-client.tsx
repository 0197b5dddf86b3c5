"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { fieldErrorsOf, messageOf } from "@/app/_trpc/errors";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { ConfirmItemDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input, Options } from "@/app/_components/ui/input";
import { SecretReveal } from "@/app/_components/ui/secret-reveal";
import { Section } from "@/app/_components/ui/section";
import { DataTable, TimeCell } from "@/app/_components/ui/table";

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  models: string[] | null;
  scopes: Scope[];
}

type Scope = "ingest" | "read" | "run" | "report" | "incidents";
/** The key scopes the v1 API enforces (server/apikeys/keys.ts API_KEY_SCOPES). */
const SCOPES: Array<{ id: Scope; help: string }> = [
  { id: "ingest", help: "log predictions and labels, upload baselines" },
  { id: "read", help: "read models, notebooks and runs" },
  { id: "run", help: "start notebook runs" },
  { id: "report", help: "freeze runs into reports, share links, exports" },
  { id: "incidents", help: "create and change guardrails, acknowledge and resolve incidents" },
];

export function ApiKeysPanel({ workspaceSlug, keys, models }: { workspaceSlug: string; keys: KeyRow[]; models: string[] }) {
  const trpc = useTRPC();
  const { done, failed } = useMutationFeedback();
  const [name, setName] = useState("");
  const [limited, setLimited] = useState<string[]>([]);
  const [scopes, setScopes] = useState<Scope[]>(["ingest"]);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<KeyRow | null>(null);
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      // errors show under the form's fields
      onSuccess: done(null, (key) => {
        setSecret({ name: key.name, secret: key.secret });
        setName("");
        setLimited([]);
        setScopes(["ingest"]);
      }),
    }),
  );
  const revoke = useMutation(
    trpc.apiKey.revoke.mutationOptions({ onSuccess: done("Key revoked: the next request that uses it is refused.", () => setRevoking(null)), onError: failed() }),
  );
  const errors = fieldErrorsOf(create.error);

  return (
    <div className="space-y-4">
      {secret && (
        <SecretReveal testId="new-key" message={`Key “${secret.name}” created. Copy the secret now — it is shown only once.`} secret={secret.secret} onDone={() => setSecret(null)} />
      )}

      <Section title="Create a key" description="Give it a name that says where it runs, give it only the scopes it needs, and optionally limit it to some models.">
        <form
          className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ workspaceSlug, name, models: limited.length ? limited : undefined, scopes });
          }}
        >
          <Field id="key-name" label="Name" required error={errors.name ?? (create.error && !errors.name ? messageOf(create.error) : null)}>
            <Input id="key-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="fraud scorer (prod)" invalid={Boolean(errors.name)} />
          </Field>
          <Field id="key-models" label="Models" hint="None selected = every model of the workspace">
            <select
              id="key-models"
              multiple
              value={limited}
              onChange={(e) => setLimited([...e.target.selectedOptions].map((o) => o.value))}
              className="block h-20 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm"
            >
              <Options choices={models} />
            </select>
          </Field>
          <fieldset className="sm:col-span-3" data-testid="key-scopes">
            <legend className="mb-1 text-sm font-medium text-zinc-700">Scopes</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-1">
              {SCOPES.map((sc) => (
                <label key={sc.id} className="flex items-center gap-2 text-sm text-zinc-700">
                  <input
                    type="checkbox"
                    name="scope"
                    value={sc.id}
                    checked={scopes.includes(sc.id)}
                    onChange={(e) => setScopes((cur) => (e.target.checked ? SCOPES.map((x) => x.id).filter((id) => id === sc.id || cur.includes(id)) : cur.filter((id) => id !== sc.id)))}
                  />
                  <span className="font-mono text-xs">{sc.id}</span>
                  <span className="text-xs text-zinc-500">{sc.help}</span>
                </label>
              ))}
            </div>
            {errors.scopes && <p className="mt-1 text-xs text-red-700">{errors.scopes}</p>}
          </fieldset>
          <Button type="submit" busy={create.isPending}>
            Create key
          </Button>
        </form>
      </Section>

      <Section title="Keys" description="Only a hash of each secret is stored; the prefix identifies the key.">
        {keys.length === 0 ? (
          <p className="text-sm text-zinc-500">No keys yet.</p>
        ) : (
          <DataTable
            flush
            testId="api-keys-table"
            caption="API keys"
            rows={keys}
            rowKey={(k) => k.id}
            columns={[
              { key: "name", header: "Name", render: (k) => <span className="text-zinc-900">{k.name}</span> },
              { key: "prefix", header: "Prefix", render: (k) => <span className="font-mono text-xs text-zinc-700">{k.prefix}…</span> },
              {
                key: "scopes",
                header: "Scopes",
                render: (k) => (
                  <span className="font-mono text-xs text-zinc-700" data-testid="key-scopes-cell">
                    {k.scopes.join(", ")}
                  </span>
                ),
              },
              { key: "models", header: "Models", className: "hidden md:table-cell", render: (k) => <span className="text-xs text-zinc-600">{k.models ? k.models.join(", ") : "all"}</span> },
              { key: "createdBy", header: "Created by", className: "hidden md:table-cell", render: (k) => <span className="text-xs text-zinc-600">{k.createdBy}</span> },
              { key: "created", header: "Created", render: (k) => <TimeCell value={k.createdAt} /> },
              { key: "lastUsed", header: "Last used", render: (k) => <TimeCell value={k.lastUsedAt} empty="never" /> },
              {
                key: "actions",
                header: <span className="sr-only">Actions</span>,
                align: "right",
                render: (k) =>
                  k.revokedAt ? (
                    <Badge tone="muted" title={`Revoked ${new Date(k.revokedAt).toISOString()}`}>
                      revoked
                    </Badge>
                  ) : (
                    <Button variant="ghost" size="sm" onClick={() => setRevoking(k)}>
                      Revoke
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Section>
      <ConfirmItemDialog item={revoking} title={(k) => `Revoke “${k.name}”?`} confirmLabel="Revoke key" busy={revoke.isPending} onConfirm={(k) => revoke.mutate({ workspaceSlug, id: k.id })} onCancel={() => setRevoking(null)}>
        {(k) => (
          <>
            Clients using <code className="font-mono">{k.prefix}…</code> are refused from their next request. This cannot be undone.
          </>
        )}
      </ConfirmItemDialog>
    </div>
  );
}
