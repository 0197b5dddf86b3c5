import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";
import { badRequest } from "../domain/errors";

/** Validates a cron expression (5 fields, or 6 with seconds) and an IANA time zone. */
export function validateSchedule(cron: string, tz: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    throw badRequest(`"${tz}" is not a time zone (use an IANA name such as Europe/Berlin or UTC).`, [{ field: "tz", message: "unknown time zone" }]);
  }
  const fields = cron.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) throw badRequest(`A cron expression has 5 fields (or 6 with seconds); "${cron}" has ${fields}.`, [{ field: "cron", message: "5 or 6 fields" }]);
  try {
    CronExpressionParser.parse(cron, { tz, strict: false });
  } catch (err) {
    throw badRequest(`"${cron}" is not a valid cron expression: ${(err as Error).message}`, [{ field: "cron", message: "invalid cron expression" }]);
  }
}

/** The schedule in words (cronstrue) and its next `count` run times (cron-parser, in `tz`). */
export function describeSchedule(cron: string, tz: string, count = 5, from: Date = new Date()): { description: string; nextRuns: string[] } {
  let description: string;
  try {
    description = `${cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false })} (${tz})`;
  } catch {
    description = cron;
  }
  const nextRuns: string[] = [];
  try {
    const it = CronExpressionParser.parse(cron, { tz, currentDate: from });
    for (let i = 0; i < count; i++) nextRuns.push(it.next().toDate().toISOString());
  } catch {
    // invalid expressions are rejected when saved; an old row just shows no next runs
  }
  return { description, nextRuns };
}
