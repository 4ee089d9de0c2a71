import type { Kysely } from "kysely";

/** The platform's id of the message that delivered an outbox row (a record of the confirmed send). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("alert_outbox").addColumn("message_id", "text").execute();
}

/** Drops what {@link up} added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("alert_outbox").dropColumn("message_id").execute();
}
