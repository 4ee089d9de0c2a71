import type { Kysely } from "kysely";

/**
 * The key of the message an outbox row was first sent in (the Feishu `uuid`),
 * written before the first send: a retry sends the same rows under the same
 * key, however the chat's other rows have come and gone meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("alert_outbox").addColumn("message_key", "text").execute();
  await db.schema
    .createIndex("alert_outbox_message_key")
    .on("alert_outbox")
    .column("message_key")
    .execute();
}

/** Drops what {@link up} added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("alert_outbox_message_key").execute();
  await db.schema.alterTable("alert_outbox").dropColumn("message_key").execute();
}
