import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./errors.ts";

/** Log verbosity, most to least verbose. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

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
  /** Largest reply file ingested, in MB; larger files fail with FILE_TOO_LARGE. Env `DAFU_MAX_FILE_MB`, default 20. */
  readonly maxFileMb: number;
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
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    dataDir: path.resolve(cwd, env.DAFU_DATA_DIR?.trim() || "data"),
    corpusDir: path.resolve(cwd, env.DAFU_CORPUS_DIR?.trim() || "index-data"),
    logLevel,
    resultsPerPage,
    maxFileMb,
  });
}

/** Loads `.env` from `cwd` into `process.env` when the file exists; set variables win. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}
