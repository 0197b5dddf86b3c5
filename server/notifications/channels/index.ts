/** The channel registry: one explicit list, one folder per kind (the shape of plugins/index.ts). */
import type { AnyChannel } from "./define";
import webhook from "./webhook";
import slack from "./slack";
import pagerduty from "./pagerduty";
import email from "./email";

export const CHANNELS: readonly AnyChannel[] = [webhook, slack, pagerduty, email];

export const CHANNEL_KINDS = CHANNELS.map((c) => c.kind);

export function channelByKind(kind: string): AnyChannel | undefined {
  return CHANNELS.find((c) => c.kind === kind);
}
