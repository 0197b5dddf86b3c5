import type { inferRouterOutputs } from "@trpc/server";
import type { Metadata } from "next";
import type { AppRouter } from "@/server/api/root";
import Link from "next/link";
import { headers } from "next/headers";
import { withCaller } from "@/app/_lib/server";
import { getWorkspace } from "../_data";
import { PageHeader, Section } from "@/app/_components/ui/section";
import { DataTable } from "@/app/_components/ui/table";

/** A schema of the generated OpenAPI document, as the tRPC query returns it. */
type JsonSchema = inferRouterOutputs<AppRouter>["ingest"]["apiDocs"]["openapi"]["components"]["schemas"][string];

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API" };

function typeOf(s: JsonSchema): string {
  if (s.$ref) return s.$ref.split("/").pop() ?? "object";
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(" | ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") return `{ name: ${typeOf(s.additionalProperties)} }`;
  if (s.nullable && s.type === "string" && !s.description) return "null";
  return s.type ?? "any";
}

function Fields({ schema }: { schema: JsonSchema }) {
  return (
    <DataTable
      flush
      rows={Object.entries(schema.properties ?? {})}
      rowKey={([name]) => name}
      columns={[
        {
          key: "field",
          header: "Field",
          render: ([name]) => (
            <span className="font-mono text-xs text-zinc-900">
              {name}
              {schema.required?.includes(name) ? <span className="text-red-600"> *</span> : null}
            </span>
          ),
        },
        { key: "type", header: "Type", render: ([, p]) => <span className="font-mono text-xs text-zinc-600">{typeOf(p)}</span> },
        { key: "description", header: "Description", render: ([, p]) => <span className="text-xs text-zinc-600">{p.description ?? ""}</span> },
      ]}
    />
  );
}

function Code({ children }: { children: string }) {
  return <pre tabIndex={0} className="overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100">{children}</pre>;
}

export default async function ApiDocsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const [workspace, docs] = await Promise.all([getWorkspace(workspaceSlug), withCaller((c) => c.ingest.apiDocs({ workspaceSlug }))]);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const doc = docs.openapi as unknown as {
    paths: Record<string, Record<string, { summary: string; description?: string; "x-evalbook-scope"?: string }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const schemas = doc.components.schemas;
  const mb = (docs.limits.maxBodyBytes / 1024 / 1024).toFixed(0);
  return (
    <>
      <PageHeader
        title="HTTP API v1"
        subtitle={
          <>
            Log predictions and labels to {workspace.name} and upload baselines. Machine-readable:{" "}
            <a className="underline hover:text-zinc-900" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      <div className="space-y-4">
        <Section title="Authentication" description="Every request carries an API key.">
          <p className="text-sm text-zinc-700">
            Send <code className="font-mono">Authorization: Bearer eb_live_…</code>. Admins create keys under{" "}
            <Link className="underline" href={`/w/${workspaceSlug}/settings/api-keys`}>
              Settings → API keys
            </Link>{" "}
            or with <code className="font-mono">npm run evalbook -- keys create --workspace {workspaceSlug} --name NAME</code>. The secret is shown once.
          </p>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-zinc-700">
            <li>Bodies: a JSON array or NDJSON (one object per line); <code className="font-mono">Content-Encoding: gzip</code> is accepted.</li>
            <li>
              Limits: {mb} MB per body, {docs.limits.maxRows.toLocaleString("en-US")} rows per batch (413 above), {docs.limits.ratePerMinute} requests per minute
              per key (429 with <code className="font-mono">Retry-After</code>).
            </li>
            <li>
              Answer: <code className="font-mono">{"{ accepted, duplicates, rejected: [{ index, field, message }] }"}</code>. Good rows are kept when others are
              rejected; replaying a batch stores nothing twice. Errors: <code className="font-mono">{"{ error: { code, message } }"}</code>.
            </li>
          </ul>
        </Section>

        <Section title="Endpoints">
          <ul className="space-y-3">
            {Object.entries(doc.paths).flatMap(([path, ops]) =>
              Object.entries(ops).map(([method, op]) => (
                <li key={method + path}>
                  <p className="font-mono text-sm">
                    <span className="mr-2 rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-semibold uppercase text-zinc-700">{method}</span>
                    {path}
                  </p>
                  <p className="mt-1 text-sm font-medium text-zinc-800">
                    {op.summary}
                    {op["x-evalbook-scope"] && <span className="ml-2 font-mono text-xs font-normal text-zinc-500">key scope: {op["x-evalbook-scope"]}</span>}
                  </p>
                  {op.description && <p className="mt-0.5 text-xs text-zinc-600">{op.description}</p>}
                </li>
              )),
            )}
          </ul>
        </Section>

        <Section title="Prediction" description="One logged inference. * = required.">
          <Fields schema={schemas.Prediction ?? {}} />
        </Section>
        <Section title="Label" description="Ground truth for a request; may arrive before its prediction.">
          <Fields schema={schemas.Label ?? {}} />
        </Section>
        <Section title="Answer">
          <Fields schema={schemas.IngestResult ?? {}} />
        </Section>

        <Section title="Examples">
          <div className="space-y-3">
            <p className="text-xs text-zinc-600">curl</p>
            <Code>{`curl -X POST ${origin}/api/v1/models/MODEL/predictions \\
  -H "Authorization: Bearer $EVALBOOK_API_KEY" -H "Content-Type: application/json" \\
  -d '[{"requestId":"r-1","version":"v1","features":{"amount":12.5,"country":"DE"},"prediction":0.93,"latencyMs":41}]'

curl -X POST ${origin}/api/v1/models/MODEL/labels \\
  -H "Authorization: Bearer $EVALBOOK_API_KEY" -d '[{"requestId":"r-1","label":1}]'

curl -X POST "${origin}/api/v1/models/MODEL/baselines?name=training-2026-10&version=v1" \\
  -H "Authorization: Bearer $EVALBOOK_API_KEY" -H "Content-Type: text/csv" --data-binary @train.csv`}</Code>
            <p className="text-xs text-zinc-600">Python (clients/python/evalbook_client.py — standard library only)</p>
            <Code>{`from evalbook_client import EvalbookClient

client = EvalbookClient("${origin}", api_key=os.environ["EVALBOOK_API_KEY"], model="MODEL")
client.log_prediction(request_id="r-1", version="v1", features={"amount": 12.5}, prediction=0.93, latency_ms=41)
client.log_label(request_id="r-1", label=1)   # any time later
client.close()   # flushes; also runs at interpreter exit`}</Code>
            <p className="text-xs text-zinc-600">TypeScript (clients/ts/evalbook-client.ts)</p>
            <Code>{`import { EvalbookClient } from "./evalbook-client";

const client = new EvalbookClient({ baseUrl: "${origin}", apiKey: process.env.EVALBOOK_API_KEY!, model: "MODEL" });
client.logPrediction({ requestId: "r-1", version: "v1", features: { amount: 12.5 }, prediction: 0.93, latencyMs: 41 });
client.logLabel({ requestId: "r-1", label: 1 });
await client.close();`}</Code>
            <p className="text-xs text-zinc-600">CLI: stream a CSV, Parquet or NDJSON log</p>
            <Code>{`npm run evalbook -- ingest --model MODEL --url ${origin} --key $EVALBOOK_API_KEY predictions.parquet
npm run evalbook -- ingest --model MODEL --labels labels.csv`}</Code>
          </div>
        </Section>
      </div>
    </>
  );
}
