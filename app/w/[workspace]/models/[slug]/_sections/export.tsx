import { Section } from "@/app/_components/ui/section";
import { withCaller } from "@/app/_lib/server";
import type { ModelDetail } from "../_data";
import { ExportPanel } from "./export-client";

/** "What becomes training data": the saved export policy, next to the feature contract, with a preview and a download. */
export async function ExportSection({ model, workspaceSlug, slug, editor }: { model: ModelDetail; workspaceSlug: string; slug: string; editor: boolean }) {
  const { policy, saved } = await withCaller((c) => c.export.policy({ workspaceSlug, slug }));
  return (
    <Section
      id="training-data"
      title="Training data export"
      description="What becomes training data: one row per request (the production version's features first), the contract's features, the label and when it arrived. Parquet or CSV; every export is in the audit trail."
    >
      <ExportPanel
        workspaceSlug={workspaceSlug}
        slug={slug}
        editor={editor}
        policy={policy}
        saved={saved}
        versions={model.versions.map((v) => ({ label: v.label, stage: v.stage }))}
        hasContract={model.features.length > 0}
      />
    </Section>
  );
}
