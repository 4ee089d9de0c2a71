import type { Kysely } from "kysely";

/**
 * Government disclosure columns the poller follows (`source`: one row per
 * listing address, with its schedule, failures and the lease a poll holds)
 * and every page it has seen (`source_page`: validators for conditional
 * requests, hashes, and whether the page is a reply).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("source")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("address", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("last_round_at", "integer")
    .addColumn("last_success_at", "integer")
    .addColumn("last_error", "text")
    .addColumn("last_error_at", "integer")
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_poll_at", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("claimed_by", "text")
    .addColumn("claim_until", "integer")
    .addColumn("replies_ingested", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("source_page")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("address", "text", (c) => c.notNull().unique())
    .addColumn("source_id", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("body_hash", "text")
    .addColumn("doc_hash", "text")
    .addColumn("reply_key", "text")
    .addColumn("links", "text")
    .addColumn("last_fetched_at", "integer")
    .addColumn("last_status", "text")
    .execute();
  await db.schema.createIndex("source_page_source").on("source_page").column("source_id").execute();
}

/** Drops what {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("source_page").execute();
  await db.schema.dropTable("source").execute();
}
