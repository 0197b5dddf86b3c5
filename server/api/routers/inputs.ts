/** Inputs the workspace procedures share: `workspaceSlug` (read by the workspace middleware), plus an id or a model slug. */
import { z } from "zod";

export const ws = z.object({ workspaceSlug: z.string().min(1) });
export const byId = ws.extend({ id: z.string().min(1) });
export const byModel = ws.extend({ modelSlug: z.string().min(1) });
