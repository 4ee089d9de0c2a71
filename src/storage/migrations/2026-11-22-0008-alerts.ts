import type { Kysely } from "kysely";

/**
 * Alerts: subscriptions (a chat's saved search), per-chat delivery settings,
 * the durable outbox (one row per reply revision and subscription, written in
 * the transaction that stores the reply), and platform pauses after a 429
 * (shared by every worker and process).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("subscription")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("thread_id", "text")
    .addColumn("filter_text", "text", (c) => c.notNull())
    .addColumn("filter_json", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("status_reason", "text")
    .addColumn("status_at", "integer")
    .execute();
  await db.schema
    .createIndex("subscription_chat")
    .on("subscription")
    .columns(["platform", "chat_id"])
    .execute();
  await db.schema.createIndex("subscription_status").on("subscription").column("status").execute();
  await db.schema
    .createTable("chat_settings")
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("delivery", "text", (c) => c.notNull().defaultTo("instant"))
    .addColumn("digest_hour", "integer")
    .addColumn("quiet_start", "integer")
    .addColumn("quiet_end", "integer")
    .addColumn("silent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("chat_settings_pk", ["platform", "chat_id"])
    .execute();
  await db.schema
    .createTable("alert_outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("reply_id", "integer", (c) => c.notNull())
    .addColumn("reply_version", "integer", (c) => c.notNull())
    .addColumn("subscription_id", "integer", (c) => c.notNull())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("thread_id", "text")
    .addColumn("revised", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("changes", "text")
    .addColumn("section_position", "integer")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("due_at", "integer", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claim_until", "integer")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("send_key", "text", (c) => c.notNull())
    .addColumn("sent_at", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addUniqueConstraint("alert_outbox_once", ["reply_id", "reply_version", "subscription_id"])
    .execute();
  await db.schema
    .createIndex("alert_outbox_due")
    .on("alert_outbox")
    .columns(["state", "platform", "due_at"])
    .execute();
  await db.schema
    .createIndex("alert_outbox_chat")
    .on("alert_outbox")
    .columns(["platform", "chat_id", "state"])
    .execute();
  await db.schema
    .createTable("platform_pause")
    .addColumn("platform", "text", (c) => c.primaryKey())
    .addColumn("until", "integer", (c) => c.notNull())
    .addColumn("reason", "text")
    .execute();
}

/** Drops what {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("platform_pause").execute();
  await db.schema.dropTable("alert_outbox").execute();
  await db.schema.dropTable("chat_settings").execute();
  await db.schema.dropTable("subscription").execute();
}
