/**
 * The report's Traffic section: request volume, request rate, error rate and p50/p95 latency per
 * version over the run's window, read once from the rollups (server/predictions/traffic.ts) when
 * the report is created and frozen into the snapshot — never re-read afterwards.
 */
import { dayOf, type ModelTraffic, type PredictionRepository } from "../predictions";
import type { ReportSnapshot, SnapshotTraffic } from "./types";

const DAY_MS = 86_400_000;
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The whole UTC days a window [from, to) touches, as rollup day numbers. */
export function windowDays(window: { from: string; to: string }): { from: number; to: number } {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  return { from: dayOf(from), to: dayOf(Math.max(from, to - 1)) };
}

/** Pure: the section from the rollups of the window's days, kept to the run's versions (all when it names none). */
export function trafficSection(traffic: ModelTraffic, days: { from: number; to: number }, versions: string[]): SnapshotTraffic {
  const keep = (v: string) => !versions.length || versions.includes(v);
  const rows = traffic.versions.filter((v) => keep(v.version) && v.predictions > 0);
  const predictions = rows.reduce((a, v) => a + v.predictions, 0);
  if (!predictions) return { state: "absent", reason: "no data: 0 predictions in the window" };
  const minutes = (days.to - days.from + 1) * 1440;
  return {
    state: "shown",
    days: { from: dayText(days.from), to: dayText(days.to) },
    sample: {
      rows: predictions,
      requests: rows.reduce((a, v) => a + v.requests, 0),
      sampledRows: rows.reduce((a, v) => a + v.sampledRows, 0),
    },
    versions: rows.map((v) => ({
      version: v.version,
      predictions: v.predictions,
      requests: v.requests,
      sampledRows: v.sampledRows,
      requestsPerMinute: v.requests / minutes,
      errorRate: v.errorRate,
      latencyP50Ms: v.latencyP50Ms,
      latencyP95Ms: v.latencyP95Ms,
    })),
    serving: traffic.serving
      .filter((p) => keep(p.version))
      .map((p) => ({
        day: p.day,
        version: p.version,
        requests: p.requests,
        requestsPerMinute: p.requestsPerMinute,
        errorRate: p.errorRate,
        latencyP50Ms: p.latencyP50Ms,
        latencyP95Ms: p.latencyP95Ms,
      })),
  };
}

/** Reads the rollups of the snapshot's window (through the prediction repository) and freezes the section. */
export async function freezeTraffic(repo: Pick<PredictionRepository, "modelTraffic">, modelId: string, snapshot: ReportSnapshot): Promise<SnapshotTraffic> {
  if (!snapshot.window) return { state: "absent", reason: "no data: the run has no window" };
  const days = windowDays(snapshot.window);
  return trafficSection(await repo.modelTraffic(modelId, [], days), days, snapshot.versions);
}
