import type { LogLevel } from "./config.ts";
import { describeError } from "./errors.ts";

/** Structured enough for operators, never carrying tokens or message payloads. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Extra fields; `error` is reduced to name, code and message. */
export type LogFields = Record<string, string | number | boolean | null | undefined | unknown>;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const SECRET_KEY = /token|secret|password|authorization|cookie/i;

/** A logger writing one line per entry to `write` (default stderr), dropping entries below `level`. */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const log = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const parts = Object.entries(fields).map(([key, value]) => {
      const shown = SECRET_KEY.test(key)
        ? "[redacted]"
        : key === "error"
          ? describeError(value)
          : String(value);
      return `${key}=${JSON.stringify(shown)}`;
    });
    write([new Date().toISOString(), at.toUpperCase(), message, ...parts].join(" "));
  };
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
  };
}
