/**
 * One NDJSON line: null when blank, else the object or why it is not one (`line` is 1-based).
 * Shared by the streaming row reader and `evalbook evaluate`; no imports, so it loads cheaply.
 */
export function parseNdjsonLine(raw: string, line: number): { ok: true; row: Record<string, unknown> } | { ok: false; message: string } | null {
  const text = raw.trim();
  if (!text) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `line ${line} is not valid JSON: ${(err as Error).message}` };
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return { ok: false, message: `line ${line} is not a JSON object` };
  return { ok: true, row: obj as Record<string, unknown> };
}
