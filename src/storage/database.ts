import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  type Migration,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from "kysely";
import { AppError } from "../errors.ts";
import { isBusyError, whileBusy } from "./busy-retry.ts";
import * as replies from "./migrations/2026-11-22-0001-replies.ts";
import * as replyVersion from "./migrations/2026-11-22-0002-reply-version.ts";
import * as replyPlace from "./migrations/2026-11-22-0003-reply-place.ts";
import * as proposalNumberText from "./migrations/2026-11-22-0004-proposal-number-text.ts";
import * as databaseIdentity from "./migrations/2026-11-22-0005-database-identity.ts";
import * as resultSet from "./migrations/2026-11-22-0006-result-set.ts";
import * as updateLease from "./migrations/2026-11-22-0007-update-lease.ts";
import * as alerts from "./migrations/2026-11-22-0008-alerts.ts";
import * as sources from "./migrations/2026-11-22-0009-sources.ts";
import * as outboxMessageId from "./migrations/2026-11-22-0010-outbox-message-id.ts";
import * as sourceHosts from "./migrations/2026-11-22-0011-source-hosts.ts";
import * as outboxMessageKey from "./migrations/2026-11-22-0012-outbox-message-key.ts";
import * as alertSendProgress from "./migrations/2026-11-22-0013-alert-send-progress.ts";
import type { DatabaseSchema } from "./schema.ts";
import { withStatementCache } from "./statement-cache.ts";

export { isBusyError } from "./busy-retry.ts";

/** The application's database handle. */
export type Database = Kysely<DatabaseSchema>;

/** Migrations in order; names sort by date so kysely applies them in sequence. */
const MIGRATIONS: Record<string, Migration> = {
  "2026-11-22-0001-replies": replies,
  "2026-11-22-0002-reply-version": replyVersion,
  "2026-11-22-0003-reply-place": replyPlace,
  "2026-11-22-0004-proposal-number-text": proposalNumberText,
  "2026-11-22-0005-database-identity": databaseIdentity,
  "2026-11-22-0006-result-set": resultSet,
  "2026-11-22-0007-update-lease": updateLease,
  "2026-11-22-0008-alerts": alerts,
  "2026-11-22-0009-sources": sources,
  "2026-11-22-0010-outbox-message-id": outboxMessageId,
  "2026-11-22-0011-source-hosts": sourceHosts,
  "2026-11-22-0012-outbox-message-key": outboxMessageKey,
  "2026-11-22-0013-alert-send-progress": alertSendProgress,
};

/** File name of the database inside the data directory. */
export const DATABASE_FILE = "dafu.sqlite";

/** How long one attempt waits for another connection's lock before SQLite reports SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a SQLite database in WAL mode with foreign keys on.
 * `file` may be `:memory:` for tests. Every kysely transaction on it begins
 * with `BEGIN IMMEDIATE`: it takes the write lock before its first read, so a
 * writer waits for another process's writer instead of failing on a stale
 * snapshot (a deferred transaction that read first cannot be rescued by the
 * busy timeout). Readers never block writers (WAL); read-only work that needs
 * one consistent view uses {@link readTransaction}.
 */
export function openDatabase(file: string): Database {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // First, so that switching to WAL waits for another process opening the same file.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // On a new file, two processes switching it to WAL at once can deadlock on the upgrade;
  // SQLite then fails one at once, without the busy handler. Wait a little and try again.
  retryWhileBusy(() => sqlite.pragma("journal_mode = WAL"));
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  return new Kysely<DatabaseSchema>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
  });
}

/** Runs a synchronous statement, retrying for up to about 10 s while SQLite reports the database busy. */
function retryWhileBusy<T>(run: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      return run();
    } catch (error) {
      if (!isBusyError(error) || attempt >= 100) throw error;
      Atomics.wait(pause, 0, 0, 20 + Math.random() * 80);
    }
  }
}

/** better-sqlite3 through kysely, with write transactions that take the lock up front. */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite's DDL is transactional, but kysely's adapter says otherwise, so its
 * migrator would run migrations outside any transaction and two processes
 * opening a new database at once would both create its tables. With this,
 * migrations run in one `BEGIN IMMEDIATE` transaction: the second process
 * waits, then finds nothing left to do.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** Options for {@link writeTransaction}. */
export interface WriteRetryOptions {
  /** Attempts in all, each waiting up to the busy timeout for the lock. Default 6. */
  readonly attempts?: number;
  /** Told about each lock that was retried (log it at debug level: it is not a failure). */
  readonly onRetry?: (attempt: number, error: unknown) => void;
}

/**
 * Runs `work` in one write transaction (`BEGIN IMMEDIATE`), retrying the whole
 * transaction when another connection holds the lock past the busy timeout.
 * `work` must only touch the database through `trx`, so a retry repeats it
 * from a clean state. Other errors roll back and are thrown at once.
 */
export async function writeTransaction<T>(
  db: Database,
  work: (trx: Database) => Promise<T>,
  options: WriteRetryOptions = {},
): Promise<T> {
  return whileBusy(() => db.transaction().execute(work), options.attempts ?? 6, options.onRetry);
}

/**
 * Runs `work` in one read transaction: every query sees the same committed
 * state, whatever other processes commit meanwhile. It holds this handle's
 * only connection until done; writers on other connections are not blocked.
 * A read refused as busy (another process recovering the WAL, or holding an
 * exclusive lock for a moment) is retried from the start, so `work` must be
 * free of side effects outside its result.
 */
export async function readTransaction<T>(
  db: Database,
  work: (trx: Database) => Promise<T>,
  attempts = 6,
): Promise<T> {
  const read = () =>
    db.connection().execute(async (conn) => {
      await sql`begin deferred`.execute(conn);
      try {
        return await work(conn);
      } finally {
        // Ends the read; fails only when SQLite already ended it, which leaves nothing to undo.
        await sql`rollback`.execute(conn).catch(() => undefined);
      }
    });
  return whileBusy(read, attempts);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies every pending migration; throws an AppError naming the one that failed. */
export async function migrateToLatest(db: Database): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Migrations from parallel branches land out of order: apply each one once, whatever its place.
    allowUnorderedMigrations: true,
  });
  let outcome = await migrator.migrateToLatest();
  // Another process migrating the same new database holds the lock: wait for it, then find nothing to do.
  for (let attempt = 1; outcome.error && isBusyError(outcome.error) && attempt < 6; attempt++) {
    await sleep(100 * attempt);
    outcome = await migrator.migrateToLatest();
  }
  const { error, results } = outcome;
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
