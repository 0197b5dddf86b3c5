import pino from "pino";
import { env } from "./env";

export const logger = pino({
  level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "warn" : env.LOG_LEVEL,
  base: { service: process.env.EVALBOOK_PROCESS ?? "web" },
});

export type Logger = typeof logger;
