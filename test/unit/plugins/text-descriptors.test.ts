import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame } from "@/plugins/sdk";
import textDescriptors from "@/plugins/builtin/text.descriptors";
import { run } from "./harness";

const frame = (texts: (string | null)[]) => createFrame({ features: { answer: categoricalColumn(texts) } });
const contract = { features: [{ name: "answer", type: "text" as const, key: false, nullable: true }] };

describe("text.descriptors", () => {
  it("descriptors of fixed texts (lengths, non-letters, OOV, empty, truncated, patterns)", async () => {
    const baseline = frame(["The order ships today.", "Your refund is on its way!"]);
    const current = frame(["The order ships tomorrow.", "", null, "Refund 42$ is being processed and", "Call 555-0100 now!"]);
    const r = await run(textDescriptors, { baseline, current, contract, config: { truncatedFrom: 20, patterns: [{ name: "phone", pattern: "\\d{3}-\\d{4}" }] } });
    const col = r.columns!.find((c) => c.column === "answer")!;
    expect(col.metrics).toEqual({ empty_share: 2 / 5, truncated_share: 1 / 5, match_share_phone: 1 / 5 });
    const chars = r.columns!.find((c) => c.column === "answer.length_chars")!;
    expect(chars.metrics.mean_current).toBeCloseTo((25 + 33 + 18) / 3, 12);
    expect(chars.metrics.mean_baseline).toBeCloseTo((22 + 26) / 2, 12);
    // oov: "tomorrow" (1/4); "42", "being", "processed", "and" (4/6 of refund,42,is,being,processed,and); "call","555","0100","now" (4/4)
    expect(r.columns!.find((c) => c.column === "answer.oov_share")!.metrics.mean_current).toBeCloseTo((1 / 4 + 4 / 6 + 1) / 3, 12);
    // non-letters of "Call 555-0100 now!": 555 - 0100 ! = 9 of 16 visible characters
    const nl = r.columns!.find((c) => c.column === "answer.non_letter_share")!;
    expect(nl.metrics.mean_current).toBeCloseTo((1 / 22 + 3 / 28 + 9 / 16) / 3, 12); // "4", "2", "$" of 28 in the second
  });
  it("drift of a descriptor by KS: answers got much shorter; no drift on the same distribution", async () => {
    const long = Array.from({ length: 200 }, (_, i) => `${"word ".repeat(20 + (i % 15))}end.`);
    const short = Array.from({ length: 200 }, (_, i) => `${"word ".repeat(2 + (i % 3))}end.`);
    const shorter = await run(textDescriptors, { baseline: frame(long), current: frame(short), contract });
    expect(shorter.columns!.find((c) => c.column === "answer.length_words")!.status).toBe("fail");
    expect(shorter.status).toBe("fail");
    const same = await run(textDescriptors, { baseline: frame(long), current: frame([...long].reverse()), contract });
    expect(same.metrics.drifted_descriptors).toBe(0);
  });
  it("without text columns it says what to set", async () => {
    const r = await run(textDescriptors, { baseline: frame(["a"]), current: frame(["b"]) });
    expect(r.notes![0]).toMatch(/no text column/);
  });
});
