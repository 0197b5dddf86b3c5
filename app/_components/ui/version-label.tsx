/** A model version as pickers show it: the label in mono, its stage beside it. */
export function VersionLabel({ label, stage }: { label: string; stage: string }) {
  return (
    <span>
      <span className="font-mono text-xs">{label}</span> <span className="text-xs text-zinc-500">{stage}</span>
    </span>
  );
}
