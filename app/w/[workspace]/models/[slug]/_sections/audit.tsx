import { Section } from "@/app/_components/ui/section";
import type { AuditPage } from "../_data";
import { AuditMore } from "./audit-more";
import { AuditItem } from "./audit-item";

export function AuditSection({ audit, workspaceSlug, slug }: { audit: AuditPage; workspaceSlug: string; slug: string }) {
  return (
    <Section id="audit" title="Audit trail" description="Who changed what, and when. Newest first.">
      {audit.items.length === 0 ? (
        <p className="text-sm text-zinc-500">No changes recorded yet.</p>
      ) : (
        <ol className="divide-y divide-zinc-100" data-testid="audit-trail">
          {audit.items.map((e) => (
            <AuditItem key={e.id} e={e} workspaceSlug={workspaceSlug} />
          ))}
          {audit.nextCursor && <AuditMore workspaceSlug={workspaceSlug} slug={slug} cursor={audit.nextCursor} />}
        </ol>
      )}
    </Section>
  );
}
