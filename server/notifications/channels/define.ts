import { z } from "zod";
import type { NotificationEvent } from "../event";

/** What a channel asks the transport to send: an HTTP POST to the configured URL, or one email. */
export type OutgoingRequest =
  | { transport: "http"; url: string; headers: Record<string, string>; body: string }
  | {
      transport: "smtp";
      /** smtp(s)://… — the channel's own or SMTP_URL from the environment */
      smtpUrl: string | undefined;
      message: { from: string; to: string[]; subject: string; text: string; html: string; headers: Record<string, string>; messageId: string };
    };

export interface FormatContext {
  /** Same on every retry of a delivery: receivers deduplicate on it. */
  idempotencyKey: string;
  /** Unix seconds of this attempt (signatures are made per attempt). */
  nowSeconds: number;
}

export interface ChannelDefinition<C extends z.ZodObject = z.ZodObject> {
  kind: string;
  title: string;
  description: string;
  configSchema: C;
  /** Config fields that are secrets: stored, never sent back to the browser in full. */
  secretFields: readonly (keyof z.infer<C> & string)[];
  /** Where it goes, for lists; must not reveal secrets (already masked config is passed in). */
  target(config: z.infer<C>): string;
  /** Builds the request for one event (pure: no I/O). */
  format(event: NotificationEvent, config: z.infer<C>, ctx: FormatContext): OutgoingRequest;
}

export type AnyChannel = ChannelDefinition<z.ZodObject>;

/** The one helper that declares a channel kind; its shape is checked here, once. */
export function defineChannel<C extends z.ZodObject>(def: ChannelDefinition<C>): ChannelDefinition<C> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.kind)) throw new Error(`channel kind "${def.kind}" must be lower-case letters, digits and dashes`);
  for (const field of def.secretFields) {
    if (!(field in def.configSchema.shape)) throw new Error(`channel "${def.kind}": secret field "${field}" is not in its configSchema`);
  }
  return def;
}

/** Keeps a secret recognisable without revealing it: "••••c0de". */
export function maskSecret(value: string): string {
  return value.length <= 8 ? "••••" : `••••${value.slice(-4)}`;
}

/** An http(s) URL; other schemes (file:, ftp:, javascript:) are refused at configuration time. */
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
