import type { Logger } from "../../src/logger.ts";

/** The logger shape the Lark SDK takes. */
export interface LarkLogger {
  error(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  debug(...msg: unknown[]): void;
  trace(...msg: unknown[]): void;
}

/**
 * Routes the SDK's log lines through dafu's logger. Only strings and error
 * names and messages are kept: the SDK logs whole request errors, whose
 * config holds the app secret in the token request's body.
 */
export function larkLogger(log: Logger): LarkLogger {
  const line = (msg: unknown[]) => msg.map(describe).filter(Boolean).join(" ").slice(0, 500);
  return {
    error: (...msg) => log.error("lark sdk", { detail: line(msg) }),
    warn: (...msg) => log.warn("lark sdk", { detail: line(msg) }),
    info: (...msg) => log.debug("lark sdk", { detail: line(msg) }),
    debug: (...msg) => log.debug("lark sdk", { detail: line(msg) }),
    trace: () => {},
  };
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (Array.isArray(value)) return value.map(describe).filter(Boolean).join(" ");
  return "";
}
