import { existsSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_GATHER_MS,
  DEFAULT_TIMEZONE,
  GATHER_CAP_MS,
  timeZoneProblem,
} from "./alerts/alert-schedule.ts";
import { ConfigError } from "./errors.ts";
import { type SourcesConfig, sourcesConfig } from "./sources/source-config.ts";

/** Log verbosity, most to least verbose. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Telegram settings; present only when `TELEGRAM_BOT_TOKEN` is set (an empty value counts as unset). */
export interface TelegramConfig {
  /** Env `TELEGRAM_BOT_TOKEN`. Not checked by shape: the Bot API decides. */
  readonly token: string;
  /** Bot API address. Env `TELEGRAM_API_ROOT`, default `https://api.telegram.org`. */
  readonly apiRoot: string;
  /** Public webhook address; null = long polling. Env `TELEGRAM_WEBHOOK_URL`. */
  readonly webhookUrl: string | null;
  /** Secret Telegram sends with every webhook call. Env `TELEGRAM_WEBHOOK_SECRET`, required with a webhook. */
  readonly webhookSecret: string | null;
}

/** Feishu (Lark) settings; present only when `FEISHU_APP_ID` and `FEISHU_APP_SECRET` are both set. */
export interface FeishuConfig {
  /** Env `FEISHU_APP_ID` (`cli_…`). */
  readonly appId: string;
  /** Env `FEISHU_APP_SECRET`. */
  readonly appSecret: string;
  /** Env `FEISHU_MODE`: `ws` (long connection, default) or `webhook`. */
  readonly mode: "ws" | "webhook";
  /** Open API address: env `FEISHU_DOMAIN` = `feishu` (default), `lark`, or an http(s) URL. */
  readonly domain: string;
  /** Env `FEISHU_ENCRYPT_KEY`; required in webhook mode (decrypts and signs events). */
  readonly encryptKey: string | null;
  /** Path of the webhook on the HTTP server. Env `FEISHU_WEBHOOK_PATH`, default `/feishu/events`. */
  readonly webhookPath: string;
}

/** Every setting dafu reads, resolved and validated. */
export interface Config {
  /** Where the SQLite database and the search snapshot live. Env `DAFU_DATA_DIR`, default `./data`. */
  readonly dataDir: string;
  /** Folder of reply documents ingested on first start. Env `DAFU_CORPUS_DIR`, default `./index-data`. */
  readonly corpusDir: string;
  /** Env `DAFU_LOG_LEVEL`, default `info`. */
  readonly logLevel: LogLevel;
  /** Excerpts shown per answer page. Env `DAFU_RESULTS_PER_PAGE`, default 3 (1–5). */
  readonly resultsPerPage: number;
  /** Telegram adapter settings, or null when no bot token is set. */
  readonly telegram: TelegramConfig | null;
  /** Feishu adapter settings, or null when the app id or secret is unset. */
  readonly feishu: FeishuConfig | null;
  /** Port of the one HTTP server (webhooks, a path per platform). Env `PORT`, default 8080. */
  readonly port: number;
  /** Largest reply file ingested, in MB; larger files fail with FILE_TOO_LARGE. Env `DAFU_MAX_FILE_MB`, default 20. */
  readonly maxFileMb: number;
  /** Time zone of alert settings (digest hour, quiet hours). Env `DAFU_TIMEZONE`, default `Asia/Shanghai`. */
  readonly timeZone: string;
  /**
   * How long a chat's new instant alert waits for others of the same batch, in
   * ms (one message for all; at most 6 s after the oldest). Env
   * `DAFU_ALERT_GATHER_MS`, default 2000; 0 = send each at once.
   */
  readonly alertGatherMs: number;
  /** Watch the corpus folder while the bot runs and ingest new and changed files. Env `DAFU_WATCH` (`0`/`false` = off), default on. */
  readonly watch: boolean;
  /** How long a changed file must stay unchanged before it is ingested, in ms. Env `DAFU_WATCH_DEBOUNCE_MS`, default 1000. */
  readonly watchDebounceMs: number;
  /** Government disclosure columns polled for new replies (`DAFU_SOURCES` and its limits). */
  readonly sources: SourcesConfig;
}

const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/**
 * Reads settings from an environment map. Pure: the same input gives the same
 * frozen output; every invalid setting is reported in one {@link ConfigError}.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const logLevel = (env.DAFU_LOG_LEVEL?.trim() || "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`DAFU_LOG_LEVEL 必须是 ${LOG_LEVELS.join("/")} 之一`);
  }
  const resultsPerPage = Number(env.DAFU_RESULTS_PER_PAGE?.trim() || "3");
  if (!Number.isInteger(resultsPerPage) || resultsPerPage < 1 || resultsPerPage > 5) {
    problems.push("DAFU_RESULTS_PER_PAGE 必须是 1 到 5 之间的整数");
  }
  const maxFileMb = Number(env.DAFU_MAX_FILE_MB?.trim() || "20");
  if (!Number.isFinite(maxFileMb) || maxFileMb <= 0) {
    problems.push("DAFU_MAX_FILE_MB 必须是大于 0 的数");
  }
  const alerts = alertConfig(env, problems);
  const sources = sourcesConfig(env, problems);
  const telegram = telegramConfig(env, problems);
  const feishu = feishuConfig(env, problems);
  const port = Number(env.PORT?.trim() || "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push("PORT 必须是 0 到 65535 之间的整数");
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    dataDir: path.resolve(cwd, env.DAFU_DATA_DIR?.trim() || "data"),
    corpusDir: path.resolve(cwd, env.DAFU_CORPUS_DIR?.trim() || "index-data"),
    logLevel,
    resultsPerPage,
    telegram,
    feishu,
    port,
    maxFileMb,
    ...alerts,
    sources,
  });
}

function alertConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
): Pick<Config, "timeZone" | "alertGatherMs" | "watch" | "watchDebounceMs"> {
  const timeZone = env.DAFU_TIMEZONE?.trim() || DEFAULT_TIMEZONE;
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem) problems.push(zoneProblem);
  const watchText = env.DAFU_WATCH?.trim().toLowerCase() || "1";
  if (!["0", "1", "false", "true", "off", "on", "no", "yes"].includes(watchText))
    problems.push("DAFU_WATCH 必须是 1/true/on 或 0/false/off");
  const watch = !["0", "false", "off", "no"].includes(watchText);
  const watchDebounceMs = Number(env.DAFU_WATCH_DEBOUNCE_MS?.trim() || "1000");
  if (!Number.isInteger(watchDebounceMs) || watchDebounceMs < 50 || watchDebounceMs > 600_000)
    problems.push("DAFU_WATCH_DEBOUNCE_MS 必须是 50 到 600000 之间的整数（毫秒）");
  const alertGatherMs = Number(env.DAFU_ALERT_GATHER_MS?.trim() || String(DEFAULT_GATHER_MS));
  if (!Number.isInteger(alertGatherMs) || alertGatherMs < 0 || alertGatherMs > GATHER_CAP_MS)
    problems.push(`DAFU_ALERT_GATHER_MS 必须是 0 到 ${GATHER_CAP_MS} 之间的整数（毫秒）`);
  return { timeZone, alertGatherMs, watch, watchDebounceMs };
}

function telegramConfig(env: NodeJS.ProcessEnv, problems: string[]): TelegramConfig | null {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) return null;
  const apiRoot = (env.TELEGRAM_API_ROOT?.trim() || "https://api.telegram.org").replace(/\/+$/, "");
  if (!/^https?:\/\/\S+$/.test(apiRoot)) problems.push("TELEGRAM_API_ROOT 必须是 http(s) 地址");
  const webhookUrl = env.TELEGRAM_WEBHOOK_URL?.trim() || null;
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || null;
  if (webhookUrl && !/^https:\/\/\S+$/.test(webhookUrl))
    problems.push("TELEGRAM_WEBHOOK_URL 必须是 https 地址");
  if (webhookUrl && !webhookSecret)
    problems.push("设置 TELEGRAM_WEBHOOK_URL 时必须同时设置 TELEGRAM_WEBHOOK_SECRET");
  if (webhookSecret && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret))
    problems.push("TELEGRAM_WEBHOOK_SECRET 只能由 1–256 个字母、数字、_ 或 - 组成");
  return Object.freeze({ token, apiRoot, webhookUrl, webhookSecret });
}

const FEISHU_DOMAINS: Record<string, string> = {
  feishu: "https://open.feishu.cn",
  lark: "https://open.larksuite.com",
};

function feishuConfig(env: NodeJS.ProcessEnv, problems: string[]): FeishuConfig | null {
  const appId = env.FEISHU_APP_ID?.trim();
  const appSecret = env.FEISHU_APP_SECRET?.trim();
  if (!appId || !appSecret) return null;
  if (!/^cli_[0-9a-fA-F]{16}$/.test(appId))
    problems.push("FEISHU_APP_ID 应形如 cli_ 加 16 位十六进制字符");
  const mode = (env.FEISHU_MODE?.trim().toLowerCase() || "ws") as FeishuConfig["mode"];
  if (mode !== "ws" && mode !== "webhook") problems.push("FEISHU_MODE 必须是 ws 或 webhook");
  const rawDomain = env.FEISHU_DOMAIN?.trim() || "feishu";
  const domain = FEISHU_DOMAINS[rawDomain.toLowerCase()] ?? rawDomain.replace(/\/+$/, "");
  if (!/^https?:\/\/\S+$/.test(domain))
    problems.push("FEISHU_DOMAIN 必须是 feishu、lark 或 http(s) 地址");
  const encryptKey = env.FEISHU_ENCRYPT_KEY?.trim() || null;
  if (mode === "webhook" && !encryptKey)
    problems.push("FEISHU_MODE=webhook 时必须设置 FEISHU_ENCRYPT_KEY（用于解密和验签）");
  const webhookPath = env.FEISHU_WEBHOOK_PATH?.trim() || "/feishu/events";
  if (!/^\/[A-Za-z0-9/_-]*$/.test(webhookPath))
    problems.push("FEISHU_WEBHOOK_PATH 必须以 / 开头，只含字母、数字、/、_ 或 -");
  return Object.freeze({ appId, appSecret, mode, domain, encryptKey, webhookPath });
}

/** Loads `.env` from `cwd` into `process.env` when the file exists; set variables win. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}
