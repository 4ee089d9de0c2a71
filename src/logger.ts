import type { LogLevel } from "./config.ts";
import { describeError } from "./errors.ts";

/** Structured enough for operators, never carrying tokens or message payloads. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that can be told secret values to keep out of every line it writes. */
export interface RedactingLogger extends Logger {
  /** Registers a secret (a token read at run time, say); every later line has it redacted. */
  addSecret(value: string | null | undefined): void;
}

/** Extra fields; `error` is reduced to name, code and message. */
export type LogFields = Record<string, string | number | boolean | null | undefined | unknown>;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Secret values to redact wherever they appear. Default: {@link secretValuesFromEnv}(process.env). */
  readonly secrets?: Iterable<string | null | undefined>;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const SECRET_KEY = /token|secret|password|authorization|cookie/i;
/** Settings whose values are secrets (the platform credentials). */
const SECRET_ENV = /TOKEN|SECRET|PASSWORD|ENCRYPT_KEY|API_KEY|PRIVATE_KEY/i;
/** Shorter values are not treated as secrets: redacting "1" or "abc" would shred every line. */
const MIN_SECRET_LENGTH = 6;
export const REDACTED = "[redacted]";

/** Token-shaped substrings, redacted even when nobody registered them. */
const TOKEN_SHAPES: readonly [RegExp, string][] = [
  // Telegram bot token, in an API URL (…/bot123456:ABC…/sendMessage) or alone.
  [/\b(bot)?\d{5,}:[A-Za-z0-9_-]{30,}/g, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // key=value and "key": "value" pairs of credential-like keys (query strings, JSON bodies, errors).
  [
    /\b((?:app_secret|client_secret|secret|encrypt_key|verification_token|access_token|tenant_access_token|app_access_token|user_access_token|refresh_token|token|password)"?\s*[=:]\s*"?)[^\s"&,;}]{4,}/gi,
    `$1${REDACTED}`,
  ],
  // Feishu / Lark tenant and user access tokens (t-…, u-…).
  [/(^|[^A-Za-z0-9_-])([tu]-[A-Za-z0-9_-]{20,})/g, `$1${REDACTED}`],
];

/** The values of secret-looking settings in an environment map (TELEGRAM_BOT_TOKEN, FEISHU_APP_SECRET …). */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(
      ([key, value]) => SECRET_ENV.test(key) && (value?.trim().length ?? 0) >= MIN_SECRET_LENGTH,
    )
    .map(([, value]) => (value as string).trim());
}

/**
 * Every secret-named string value in a settings object, at any depth
 * (config.telegram.token, config.telegram.webhookSecret, config.feishu.appSecret,
 * encryptKey, verificationToken …), whatever shape the settings take.
 */
export function secretValuesOfConfig(config: unknown, depth = 0): string[] {
  if (config === null || typeof config !== "object" || depth > 4) return [];
  return Object.entries(config).flatMap(([key, value]) => {
    if (typeof value === "string")
      return /token|secret|password|encryptKey|apiKey|privateKey/i.test(key) ? [value] : [];
    return secretValuesOfConfig(value, depth + 1);
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces every registered secret (also URL-encoded) and every token-shaped
 * substring of `text` with `[redacted]`.
 */
export class SecretRedactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(secrets: Iterable<string | null | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret value; values shorter than six characters are ignored. */
  add(value: string | null | undefined): void {
    const secret = value?.trim();
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    for (const form of [secret, encodeURIComponent(secret)]) this.values.add(form);
    // Longest first, so a secret containing another is redacted whole.
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
  }

  /** `text` with every secret replaced. */
  redact(text: string): string {
    let out = this.pattern ? text.replace(this.pattern, REDACTED) : text;
    for (const [shape, replacement] of TOKEN_SHAPES) out = out.replace(shape, replacement);
    return out;
  }
}

/**
 * A logger writing one line per entry to `write` (default stderr), dropping
 * entries below `level`. Fields named like secrets are dropped whole; secret
 * values and token-shaped substrings are redacted from the message and every field.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  options: LoggerOptions = {},
): RedactingLogger {
  const redactor = new SecretRedactor(options.secrets ?? secretValuesFromEnv(process.env));
  const log = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const parts = Object.entries(fields).map(([key, value]) => {
      const shown = SECRET_KEY.test(key)
        ? REDACTED
        : key === "error"
          ? describeError(value)
          : String(value);
      return `${key}=${JSON.stringify(redactor.redact(shown))}`;
    });
    const text = redactor.redact(message);
    write([new Date().toISOString(), at.toUpperCase(), text, ...parts].join(" "));
  };
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    addSecret: (value) => redactor.add(value),
  };
}
