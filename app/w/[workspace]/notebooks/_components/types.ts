import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;
type In = inferRouterInputs<AppRouter>;

export type NotebookView = Out["notebook"]["get"];
export type NotebookListItem = Out["notebook"]["list"][number];
export type CellView = NotebookView["cells"][number];
export type CellInput = NonNullable<In["notebook"]["save"]["cells"]>[number];
export type Selection = NotebookView["defaults"];
export type SelectionOverride = Partial<Selection>;
export type WindowSpec = Selection["window"];
export type ReferenceSpec = Selection["reference"];
export type EvaluatorInfo = Out["evaluators"]["list"][number];
export type RunView = Out["notebook"]["getRun"];
export type RunCellView = RunView["cells"][number];
export type RunListItem = Out["notebook"]["runs"]["items"][number];
export type CellResultState = Out["notebook"]["cellResults"][number];
export type TrendView = Out["notebook"]["trend"];
export type QueueHealth = Out["notebook"]["queueHealth"];
export type Template = Out["notebook"]["templates"][number];
