import type SQLite from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Reuses prepared statements. Kysely's SQLite driver prepares every query it
 * runs, and preparing (parsing and planning the SQL) costs more than running
 * the small statements an ingest makes per reply (a third of storing one, at
 * 10,000 replies). This hands the driver a database whose `prepare` returns
 * the statement already prepared for the same SQL text, kept in a small
 * least-recently-used cache (queries with `in (?, ?, …)` lists of every
 * length would otherwise fill it).
 *
 * Safe because the driver runs one query at a time on its one connection and
 * runs each statement to completion (`all` or `run`) before the next query;
 * SQLite re-prepares a cached statement itself when the schema changes.
 */

/** Statements kept: every fixed query of the application, with room to spare. */
export const STATEMENT_CACHE_SIZE = 256;

/** A database for kysely's dialect that prepares each SQL text once (up to `size` recent ones). */
export function withStatementCache(
  sqlite: SQLite.Database,
  size = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close() {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        // Most recently used last: Map keeps insertion order.
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
  };
}
