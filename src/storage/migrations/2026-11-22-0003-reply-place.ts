import type { Kysely } from "kysely";

/**
 * Fields for replies from every level of government: the place a reply
 * belongs to, joint issuers, the printed result marking and its category,
 * where the date came from, the document title and an appended proposal text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const columns: [string, "text"][] = [
    ["place", "text"],
    ["issuers", "text"],
    ["result_category", "text"],
    ["result_label", "text"],
    ["date_source", "text"],
    ["title", "text"],
    ["appended_proposal", "text"],
  ];
  for (const [name, type] of columns) {
    await db.schema.alterTable("reply").addColumn(name, type).execute();
  }
  await db.schema.createIndex("reply_place").on("reply").column("place").execute();
}

/** Drops what {@link up} added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("reply_place").execute();
  for (const name of [
    "appended_proposal",
    "title",
    "date_source",
    "result_label",
    "result_category",
    "issuers",
    "place",
  ]) {
    await db.schema.alterTable("reply").dropColumn(name).execute();
  }
}
