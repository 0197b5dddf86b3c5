import type { ModelDetailRow } from "../models";
import type { UserMembership } from "../workspaces";
import { groupRows } from "./group";
import type { SqlRunner } from "./sql-runner";
import { toDate, type RawDate } from "../../db/raw-date";
import { memberEmailRows, newestAuditEvents, runbookList, type RunbookListRow } from "./model-section-reads";
import type { AuditEvent } from "../../generated/prisma/client";
import { healthRows, latestFinishedRuns, modelFacetRows, type FinishedRunRow, type HealthRows } from "./inventory-reads";
import { lastNotebookRuns, notebookList, type LastRun, type NotebookListRow } from "./notebook-reads";
import { latestEvaluations, modelGuardrailRows, modelNotebookCells, type GuardrailWithStates } from "./guardrail-reads";

/**
 * The small reads of the pages people open most (every page's memberships, the model page's
 * sections, the inventory, the notebook lists), in plain SQL instead of through Prisma: Prisma costs 2–4 ms of CPU per operation on the web server, the same
 * reads through the raw driver a few hundredths of a millisecond. Each answers exactly what the
 * Prisma query it replaces answered: same rows, order and types.
 * The SQL is the same on both backends (identifiers quoted, `?` parameters); what differs is the raw
 * values, which `toDate` and `Boolean` make what Prisma returns.
 */
export interface PageReads {
  /** Every membership of a user with its workspace, oldest first. */
  memberships(userId: string): Promise<UserMembership[]>;
  /** The model with its versions (oldest first, each with its stage history, newest first) and contract (= readModelDetail). */
  modelDetail(workspaceId: string, slug: string): Promise<ModelDetailRow | null>;
  /** The model's guardrails with states and open incidents, by source then name (guardrail section). */
  modelGuardrails(modelId: string): Promise<GuardrailWithStates[]>;
  /** The model's notebooks, oldest first: id, title, cells JSON (guardrail section). */
  modelNotebookCells(modelId: string): Promise<{ id: string; title: string; cells: string }[]>;
  /** guardrail id → the cohorts JSON of its newest evaluation (guardrail section). */
  latestEvaluations(modelId: string): Promise<Map<string, string>>;
  /** The workspace's notebooks (of one model when given), most recently changed first (notebook lists). */
  notebookList(workspaceId: string, modelId?: string): Promise<NotebookListRow[]>;
  /** notebook id → its newest run, for the same notebooks (notebook lists). */
  lastNotebookRuns(workspaceId: string, modelId?: string): Promise<Map<string, LastRun>>;
  /** Owner team and tags JSON of every model of the workspace (inventory filters). */
  modelFacetRows(workspaceId: string): Promise<{ ownerTeam: string; tags: string }[]>;
  /** The workspace's guardrails with their states and its open incidents per model (inventory health). */
  healthRows(workspaceId: string): Promise<HealthRows>;
  /** The newest finished run of each model (inventory health). */
  latestFinishedRuns(workspaceId: string): Promise<FinishedRunRow[]>;
  /** The model's runbooks by topic, then title (runbooks panel). */
  runbookList(modelId: string): Promise<RunbookListRow[]>;
  /** The model's newest `count` audit events, newest first (audit section's first page). */
  newestAuditEvents(workspaceId: string, modelId: string, count: number): Promise<AuditEvent[]>;
  /** Id and email of every member of the workspace (who changed what). */
  memberEmailRows(workspaceId: string): Promise<{ id: string; email: string }[]>;
  /** One page of the workspace's models, unfiltered, with each one's versions (label, stage), and how many models there are (inventory list). */
  modelsPage(workspaceId: string, sort: ModelSort, order: "asc" | "desc", offset: number, limit: number): Promise<{ total: number; rows: ModelListRow[] }>;
}

export type ModelSort = "name" | "updatedAt" | "task" | "ownerTeam";
export type ModelListRow = Omit<ModelDetailRow, "versions" | "features"> & { versions: { label: string; stage: string }[] };

const MEMBERSHIPS_SQL = `SELECT m."id", m."workspaceId", m."userId", m."role", m."createdAt",
  w."slug" AS "w_slug", w."name" AS "w_name", w."config" AS "w_config", w."createdAt" AS "w_createdAt"
  FROM "Membership" m JOIN "Workspace" w ON w."id" = m."workspaceId" WHERE m."userId" = ? ORDER BY m."createdAt" ASC`;

type MembershipRow = Omit<UserMembership, "createdAt" | "workspace"> & { createdAt: RawDate; w_slug: string; w_name: string; w_config: string; w_createdAt: RawDate };

const MODEL_COLUMNS = `"id", "workspaceId", "slug", "name", "description", "task", "ownerTeam", "onCall", "endpoint", "businessMetric",
  "tags", "slos", "requireKnownVersion", "valuePerCorrectUsd", "costPerErrorUsd", "exportPolicy", "retentionDays", "createdAt", "updatedAt"`;
const MODEL_SQL = `SELECT ${MODEL_COLUMNS} FROM "Model" WHERE "workspaceId" = ? AND "slug" = ?`;
const MODELS_COUNT_SQL = `SELECT count(*) AS "n" FROM "Model" WHERE "workspaceId" = ?`;
// sort columns come from listModelsInput's enum, never from the request's text
const modelsPageSql = (columns: string, sort: ModelSort, order: "asc" | "desc") =>
  `SELECT ${columns} FROM "Model" WHERE "workspaceId" = ? ORDER BY "${sort}" ${order === "asc" ? "ASC" : "DESC"}, "slug" ASC LIMIT ? OFFSET ?`;
const pageVersionsSql = (sort: ModelSort, order: "asc" | "desc") => `SELECT v."modelId", v."label", v."stage" FROM "ModelVersion" v
  JOIN (${modelsPageSql(`"id"`, sort, order)}) p ON p."id" = v."modelId" ORDER BY v."modelId", v."label"`;
const VERSIONS_SQL = `SELECT "id", "modelId", "label", "stage", "notes", "createdAt" FROM "ModelVersion" WHERE "modelId" = ? ORDER BY "createdAt" ASC`;
const STAGE_CHANGES_SQL = `SELECT c."id", c."versionId", c."fromStage", c."toStage", c."changedById", c."reason", c."incidentId", c."changedAt"
  FROM "StageChange" c JOIN "ModelVersion" v ON v."id" = c."versionId" WHERE v."modelId" = ? ORDER BY c."changedAt" DESC`;
const FEATURES_SQL = `SELECT "id", "modelId", "name", "type", "key", "nullable", "min", "max", "categories", "position"
  FROM "FeatureContract" WHERE "modelId" = ? ORDER BY "position" ASC, "name" ASC`;

type Raw<T, K extends keyof T, B extends keyof T = never> = Omit<T, K | B> & { [k in K]: RawDate } & { [k in B]: boolean | number };
type ModelRow = Raw<Omit<ModelDetailRow, "versions" | "features">, "createdAt" | "updatedAt", "requireKnownVersion">;
type Version = ModelDetailRow["versions"][number];
type VersionRow = Raw<Omit<Version, "stageEvents">, "createdAt">;
type StageChangeRow = Raw<Version["stageEvents"][number], "changedAt">;
type FeatureRow = Raw<ModelDetailRow["features"][number], never, "key" | "nullable">;

export function pageReads(db: SqlRunner): PageReads {
  const model = (m: ModelRow) => ({ ...m, requireKnownVersion: Boolean(m.requireKnownVersion), createdAt: toDate(m.createdAt), updatedAt: toDate(m.updatedAt) });
  return {
    async modelsPage(workspaceId, sort, order, offset, limit) {
      const [[count], rows, versions] = await Promise.all([
        db.all<{ n: number | string }>(MODELS_COUNT_SQL, [workspaceId]),
        db.all<ModelRow>(modelsPageSql(MODEL_COLUMNS, sort, order), [workspaceId, limit, offset]),
        db.all<{ modelId: string; label: string; stage: string }>(pageVersionsSql(sort, order), [workspaceId, limit, offset]),
      ]);
      const versionsOf = groupRows(versions, (v) => v.modelId, ({ label, stage }) => ({ label, stage }));
      return { total: Number(count!.n), rows: rows.map((m) => ({ ...model(m), versions: versionsOf.get(m.id) ?? [] })) };
    },
    modelGuardrails: (modelId) => modelGuardrailRows(db, modelId),
    modelNotebookCells: (modelId) => modelNotebookCells(db, modelId),
    latestEvaluations: (modelId) => latestEvaluations(db, modelId),
    notebookList: (workspaceId, modelId) => notebookList(db, workspaceId, modelId),
    lastNotebookRuns: (workspaceId, modelId) => lastNotebookRuns(db, workspaceId, modelId),
    modelFacetRows: (workspaceId) => modelFacetRows(db, workspaceId),
    healthRows: (workspaceId) => healthRows(db, workspaceId),
    latestFinishedRuns: (workspaceId) => latestFinishedRuns(db, workspaceId),
    runbookList: (modelId) => runbookList(db, modelId),
    newestAuditEvents: (workspaceId, modelId, count) => newestAuditEvents(db, workspaceId, modelId, count),
    memberEmailRows: (workspaceId) => memberEmailRows(db, workspaceId),

    async memberships(userId) {
      const rows = await db.all<MembershipRow>(MEMBERSHIPS_SQL, [userId]);
      return rows.map((r) => ({
        id: r.id,
        workspaceId: r.workspaceId,
        userId: r.userId,
        role: r.role,
        createdAt: toDate(r.createdAt),
        workspace: { id: r.workspaceId, slug: r.w_slug, name: r.w_name, config: r.w_config, createdAt: toDate(r.w_createdAt) },
      }));
    },

    async modelDetail(workspaceId, slug) {
      const [found] = await db.all<ModelRow>(MODEL_SQL, [workspaceId, slug]);
      if (!found) return null;
      const [versions, changes, features] = await Promise.all([
        db.all<VersionRow>(VERSIONS_SQL, [found.id]),
        db.all<StageChangeRow>(STAGE_CHANGES_SQL, [found.id]),
        db.all<FeatureRow>(FEATURES_SQL, [found.id]),
      ]);
      const eventsOf = groupRows(changes, (c) => c.versionId, (c) => ({ ...c, changedAt: toDate(c.changedAt) }));
      return {
        ...model(found),
        versions: versions.map((v) => ({ ...v, createdAt: toDate(v.createdAt), stageEvents: eventsOf.get(v.id) ?? [] })),
        features: features.map((f) => ({ ...f, key: Boolean(f.key), nullable: Boolean(f.nullable) })),
      };
    },
  };
}
