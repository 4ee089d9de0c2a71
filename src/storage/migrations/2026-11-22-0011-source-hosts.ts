import type { Kysely } from "kysely";

/**
 * The poller's turn at each host, shared by every process on the database:
 * who is requesting from it now and when the next request may start, so
 * several bot processes together still send one request at a time per host,
 * at most one per politeness interval.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("source_host")
    .addColumn("host", "text", (c) => c.primaryKey())
    .addColumn("holder", "text")
    .addColumn("next_at", "integer", (c) => c.notNull())
    .execute();
}

/** Drops what {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("source_host").execute();
}
