import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type Migration, Migrator, SqliteDialect } from "kysely";
import { AppError } from "../errors.ts";
import * as replies from "./migrations/2026-11-22-0001-replies.ts";
import * as replyVersion from "./migrations/2026-11-22-0002-reply-version.ts";
import * as replyPlace from "./migrations/2026-11-22-0003-reply-place.ts";
import type { DatabaseSchema } from "./schema.ts";

/** The application's database handle. */
export type Database = Kysely<DatabaseSchema>;

/** Migrations in order; names sort by date so kysely applies them in sequence. */
const MIGRATIONS: Record<string, Migration> = {
  "2026-11-22-0001-replies": replies,
  "2026-11-22-0002-reply-version": replyVersion,
  "2026-11-22-0003-reply-place": replyPlace,
};

/** File name of the database inside the data directory. */
export const DATABASE_FILE = "dafu.sqlite";

/**
 * Opens (creating if needed) a SQLite database in WAL mode with foreign keys on.
 * `file` may be `:memory:` for tests.
 */
export function openDatabase(file: string): Database {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Applies every pending migration; throws an AppError naming the one that failed. */
export async function migrateToLatest(db: Database): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (!error) return;
  const failed = results?.find((r) => r.status === "Error")?.migrationName;
  if (failed) throw new AppError("DATABASE", `数据库迁移 ${failed} 失败`, { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  const newer = /missing/.test(detail)
    ? "数据库由更新版本的 dafu 创建，请升级后再打开"
    : "数据库迁移失败";
  throw new AppError("DATABASE", `${newer}（${detail}）`, { cause: error });
}

/** Opens the database in `dataDir` and brings its schema up to date. */
export async function openDataDirDatabase(dataDir: string): Promise<Database> {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  await migrateToLatest(db);
  return db;
}
