import { type Kysely, sql } from "kysely";

/**
 * Handled updates get a finish time (an update claimed but never finished —
 * the process died mid-answer — may be handled again after a lease), and
 * result sets keep the items each page showed, so "open this section" opens
 * exactly what the user saw.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("handled_update").addColumn("done_at", "integer").execute();
  // Updates recorded before this migration were handled to the end.
  await sql`update handled_update set done_at = at`.execute(db);
  await db.schema.alterTable("result_set").addColumn("shown_items", "text").execute();
}

/** Drops the columns again. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("result_set").dropColumn("shown_items").execute();
  await db.schema.alterTable("handled_update").dropColumn("done_at").execute();
}
