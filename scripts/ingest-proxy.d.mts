import type { IncomingMessage, ServerResponse } from "node:http";

export interface IngestProcessSettings {
  entry: string;
  nice: number;
  nodeArgs: string[];
}
export interface IngestTarget {
  kind: "predictions" | "labels";
  slug: string;
}
export function ingestProcessSettings(env?: Record<string, string | undefined>, root?: string): IngestProcessSettings | null;
export function ingestTarget(req: { method?: string; url?: string }): IngestTarget | null;
export function ingestProxy(options: IngestProcessSettings & { log?: Pick<Console, "error"> }): {
  forward(req: IncomingMessage, res: ServerResponse, target: IngestTarget): void;
  stop(): void;
};
