import type { Kysely } from "kysely";

/**
 * Chat state that must survive a restart and be shared by replicas: result
 * sets behind paging buttons, update ids already handled, and chats where the
 * bot can no longer post (blocked, kicked, migrated).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("result_set")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("page", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("message_id", "text")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("result_set_chat")
    .on("result_set")
    .columns(["platform", "chat_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("result_set_message")
    .on("result_set")
    .columns(["platform", "chat_id", "message_id"])
    .execute();
  await db.schema.createIndex("result_set_expiry").on("result_set").column("expires_at").execute();
  await db.schema
    .createTable("handled_update")
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("update_id", "text", (c) => c.notNull())
    .addColumn("at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("handled_update_pk", ["platform", "update_id"])
    .execute();
  await db.schema.createIndex("handled_update_at").on("handled_update").column("at").execute();
  await db.schema
    .createTable("chat_status")
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("chat_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("chat_status_pk", ["platform", "chat_id"])
    .execute();
}

/** Drops what {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("chat_status").execute();
  await db.schema.dropTable("handled_update").execute();
  await db.schema.dropTable("result_set").execute();
}
