/**
 * The prediction repository through its factory (what product code calls): a batch of predictions
 * and a later label round-trip to a window frame with the label joined, a replay counts as
 * duplicates, and the model page's traffic figures follow.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../helpers/db";
import { validateLabel, validatePrediction } from "../../../server/ingest/validate";
import type { NormalizedLabel, NormalizedPrediction } from "../../../server/ingest/validate";

// The factory reads DATABASE_URL when server modules are first imported: point it at a copy first.
const db = createTestDatabase({ useAsDefault: true });
afterAll(() => db.dispose());

describe("predictionRepository()", () => {
  it("writes a batch and reads it back as a window with labels joined", async () => {
    const { predictionRepository } = await import("../../../server/predictions");
    const { createModel } = await import("../../../server/services/models");
    const ws = await db.prisma.workspace.create({ data: { slug: "repo", name: "Repo" } });
    await createModel(db.prisma, ws.id, { id: null, label: "t" }, { slug: "m", name: "M", task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });

    const predictions = predictionRepository();
    expect(predictionRepository()).toBe(predictions); // one per process
    const model = await predictions.findModel(ws.id, "m");
    expect(model).toMatchObject({ slug: "m", task: "binary" });
    expect(await predictions.findModel(ws.id, "nope")).toBeNull();
    expect(await predictions.versions(model!.id)).toEqual([{ label: "v1", stage: "production" }]);

    const t0 = Date.UTC(2026, 9, 1);
    const ctx = { now: t0 + 86_400_000, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };
    const rows = Array.from({ length: 50 }, (_, i) => validatePrediction({ requestId: `q-${i}`, timestamp: t0 + i * 1000, prediction: i / 50, features: { x: i, c: i % 2 ? "odd" : "even" } }, i, ctx) as NormalizedPrediction);
    expect(await predictions.writePredictions(model!, rows)).toMatchObject({ accepted: 50, duplicates: 0 });
    expect(await predictions.writePredictions(model!, rows.slice(0, 10))).toMatchObject({ accepted: 0, duplicates: 10 });
    const labels = [validateLabel({ requestId: "q-7", label: 1, timestamp: t0 + 60_000 }, 0, ctx.now) as NormalizedLabel];
    expect(await predictions.writeLabels(model!.id, labels)).toEqual({ accepted: 1, duplicates: 0 });
    expect(await predictions.writeLabels(model!.id, labels)).toEqual({ accepted: 0, duplicates: 1 });

    const window = await predictions.loadWindow({ modelId: model!.id, version: "v1", from: t0, to: t0 + 20_000, includeRequestIds: true });
    expect(window.frame.length).toBe(20);
    const x = window.frame.features.x as { type: string; values: Float64Array };
    expect(x.type).toBe("numeric");
    expect([...x.values]).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const label = window.frame.label as { values: Float64Array };
    expect([...label.values].flatMap((v, i) => (Number.isNaN(v) ? [] : [[i, v]]))).toEqual([[7, 1]]);
    const ids = window.frame.requestId!;
    expect(ids.dictionary[ids.codes[7]!]).toBe("q-7");

    const read = predictionRepository({ readOnly: true }); // the evaluation threads' connection
    expect((await read.loadWindow({ modelId: model!.id })).frame.length).toBe(50);
    await expect(read.writeLabels(model!.id, labels)).rejects.toThrow(/read-only/);

    expect(await predictions.hasTraffic(model!.id)).toBe(true);
    const traffic = await predictions.modelTraffic(model!.id, ["v1", "v2"]);
    expect(traffic.versions.map((v) => [v.version, v.predictions, v.labeled])).toEqual([
      ["v1", 50, 1],
      ["v2", 0, 0],
    ]);
  });
});
