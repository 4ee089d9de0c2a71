import type { Kysely } from "kysely";

/** Records on each reply the corpus version that added or revised it, so other processes can catch up. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("reply")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("reply_version").on("reply").column("version").execute();
}

/** Drops the column and its index. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("reply_version").execute();
  await db.schema.alterTable("reply").dropColumn("version").execute();
}
