import { Section } from "@/app/_components/ui/section";
import type { ModelDetail } from "../_data";
import { ContractPanel } from "./contract-client";

export function ContractSection({ model, workspaceSlug, slug, editor }: { model: ModelDetail; workspaceSlug: string; slug: string; editor: boolean }) {
  return (
    <Section id="contract" title="Feature contract" description="The features each prediction carries: type, key features, allowed ranges and categories. Schema checks use it.">
      <ContractPanel workspaceSlug={workspaceSlug} slug={slug} editor={editor} features={model.features} />
    </Section>
  );
}
