import { describe, expect, it } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ingestProcessSettings, ingestTarget } from "../../../scripts/ingest-proxy.mjs";

describe("which requests go to the ingest process", () => {
  it("POSTs of predictions and labels, with the slug decoded", () => {
    expect(ingestTarget({ method: "POST", url: "/api/v1/models/fraud/predictions" })).toEqual({ kind: "predictions", slug: "fraud" });
    expect(ingestTarget({ method: "POST", url: "/api/v1/models/fraud/labels?x=1" })).toEqual({ kind: "labels", slug: "fraud" });
    expect(ingestTarget({ method: "POST", url: "/api/v1/models/fr%61ud/labels" })).toEqual({ kind: "labels", slug: "fraud" });
  });

  it("nothing else: other methods, paths, trailing slashes and malformed escapes stay with the app", () => {
    for (const [method, url] of [
      ["GET", "/api/v1/models/fraud/predictions"],
      ["POST", "/api/v1/models/fraud/predictions/"],
      ["POST", "/api/v1/models/fraud/baselines"],
      ["POST", "/api/v1/models/fraud/predictionsx"],
      ["POST", "/api/v1/models//predictions"],
      ["POST", "/api/v1/models/a/b/predictions"],
      ["POST", "/w/demo/models/fraud/predictions"],
      ["POST", "/api/v1/models/%E0%A4%A/predictions"],
    ]) expect(ingestTarget({ method, url }), `${method} ${url}`).toBeNull();
  });
});

describe("ingest process settings", () => {
  const entry = path.join(mkdtempSync(path.join(os.tmpdir(), "evalbook-proxy-")), "ingest-process.mjs");
  writeFileSync(entry, "");

  it("on by default at nice 19: the compiled entry when named, else the sources through tsx; off with INGEST_PROCESS=0", () => {
    expect(ingestProcessSettings({ EVALBOOK_INGEST_PROCESS_ENTRY: entry })).toEqual({ entry, nice: 19, nodeArgs: [] });
    expect(ingestProcessSettings({ EVALBOOK_INGEST_PROCESS_ENTRY: entry, INGEST_PROCESS_NICE: "10" })).toEqual({ entry, nice: 10, nodeArgs: [] });
    expect(ingestProcessSettings({}, "/srv/evalbook")).toEqual({ entry: "/srv/evalbook/server/api/v1/ingest-process.ts", nice: 19, nodeArgs: ["--import", "tsx"] });
    expect(ingestProcessSettings({ EVALBOOK_INGEST_PROCESS_ENTRY: entry, INGEST_PROCESS: "0" })).toBeNull();
  });

  it("refuses a bad value naming the setting and its range, and a compiled entry that is not there", () => {
    expect(() => ingestProcessSettings({ EVALBOOK_INGEST_PROCESS_ENTRY: entry + ".missing" })).toThrow(/EVALBOOK_INGEST_PROCESS_ENTRY=".*\.missing" does not exist/);
    expect(() => ingestProcessSettings({ EVALBOOK_INGEST_PROCESS_ENTRY: entry, INGEST_PROCESS_NICE: "25" })).toThrow('INGEST_PROCESS_NICE="25" must be an integer from 0 to 19.');
    expect(() => ingestProcessSettings({ EVALBOOK_INGEST_PROCESS_ENTRY: entry, INGEST_PROCESS: "yes" })).toThrow('INGEST_PROCESS="yes" must be an integer from 0 to 1.');
  });
});
