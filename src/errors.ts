/**
 * Typed errors. Every error dafu raises on purpose carries a stable `code`
 * and a message in Chinese that is safe to show to a chat user.
 */

/** Codes of errors raised by dafu itself. */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "FILE_UNREADABLE"
  | "FILE_EMPTY"
  | "FILE_BINARY"
  | "FILE_TRUNCATED"
  | "FILE_TOO_LARGE"
  | "NOT_A_REPLY"
  | "NO_IDENTITY"
  | "NO_REPLY_BODY"
  | "NO_SIGNING_DATE"
  | "DATABASE"
  | "INDEX"
  | "BAD_INPUT"
  | "BAD_FILTER"
  | "USAGE";

/** Base class: an error with a code, a user-facing message and an optional cause. */
export class AppError extends Error {
  override name = "AppError";

  /**
   * @param code stable machine-readable code
   * @param message Chinese text safe to show to users (no secrets, no stack)
   * @param cause the underlying error, kept for logs
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A reply file that cannot be turned into a reply document. */
export class DocumentError extends AppError {
  override name = "DocumentError";
}

/** Settings that are missing or invalid; the message lists every problem. */
export class ConfigError extends AppError {
  override name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super("CONFIG_INVALID", `配置有误：${problems.join("；")}`);
  }
}

/** Wrong use of the command-line interface. */
export class UsageError extends AppError {
  override name = "UsageError";
  constructor(message: string) {
    super("USAGE", message);
  }
}

/** True when `error` is an {@link AppError}, i.e. its message may be shown to a user. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A short description for logs: name, code and message, never a payload. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.name}[${error.code}]: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
