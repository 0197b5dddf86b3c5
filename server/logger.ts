import pino from "pino";
import { env } from "./env";

export const logger = pino({
  level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: env.EVALBOOK_PROCESS },
});

export type Logger = typeof logger;
