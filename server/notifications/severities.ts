import { z } from "zod";
import { SEVERITIES, type NotificationSeverity } from "./event";

export const severitiesSchema = z.array(z.enum(SEVERITIES)).min(1, "choose at least one severity");

/** A channel's stored severities (JSON array); anything unreadable means "none". */
export function parseSeverities(json: string): NotificationSeverity[] {
  try {
    const parsed = severitiesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
