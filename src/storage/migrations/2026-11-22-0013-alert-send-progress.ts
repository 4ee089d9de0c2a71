import type { Kysely } from "kysely";

/**
 * How far a message sent in several parts (a Telegram digest over 4096
 * characters) got: the parts the platform confirmed, by the message's
 * idempotency key, so a retry after a restart resumes after them instead of
 * posting them again. Rows older than a few days are pruned.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("alert_send_progress")
    .addColumn("message_key", "text", (c) => c.primaryKey())
    .addColumn("parts_confirmed", "integer", (c) => c.notNull())
    .addColumn("first_message_id", "text", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("alert_send_progress_updated_at")
    .on("alert_send_progress")
    .column("updated_at")
    .execute();
}

/** Drops what {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("alert_send_progress_updated_at").execute();
  await db.schema.dropTable("alert_send_progress").execute();
}
