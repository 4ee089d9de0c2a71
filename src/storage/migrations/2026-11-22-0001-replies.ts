import { type Kysely, sql } from "kysely";

/** Replies, their sections, the ingest log and the meta table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("reply")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("reply_key", "text", (c) => c.notNull().unique())
    .addColumn("doc_number", "text")
    .addColumn("doc_prefix_key", "text")
    .addColumn("doc_year", "integer")
    .addColumn("doc_serial", "integer")
    .addColumn("issuer", "text")
    .addColumn("reply_kind", "text", (c) => c.notNull())
    .addColumn("proposal_kind", "text")
    .addColumn("session", "text")
    .addColumn("session_body", "text")
    .addColumn("session_level", "text")
    .addColumn("session_term", "integer")
    .addColumn("session_meeting", "integer")
    .addColumn("proposal_number", "text")
    .addColumn("proposal_no", "integer")
    .addColumn("proposers", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("recipient", "text")
    .addColumn("proposal_title", "text")
    .addColumn("signed_on", "text")
    .addColumn("result", "text")
    .addColumn("disclosure", "text")
    .addColumn("contact", "text")
    .addColumn("cc", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("source_file", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("ingested_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("reply_doc_number_parts")
    .on("reply")
    .columns(["doc_prefix_key", "doc_year", "doc_serial"])
    .execute();
  await db.schema.createIndex("reply_proposal_no").on("reply").column("proposal_no").execute();
  await db.schema.createIndex("reply_signed_on").on("reply").column("signed_on").execute();

  await db.schema
    .createTable("reply_section")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("reply_id", "integer", (c) => c.notNull().references("reply.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("subsections", "text", (c) => c.notNull().defaultTo("[]"))
    .addUniqueConstraint("reply_section_position", ["reply_id", "position"])
    .execute();

  await db.schema
    .createTable("ingest_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("content_hash", "text")
    .addColumn("reply_key", "text")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("error_code", "text")
    .addColumn("message", "text")
    .addColumn("at", "text", (c) =>
      c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    )
    .execute();

  await db.schema
    .createTable("meta")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

/** Drops everything {@link up} created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["meta", "ingest_log", "reply_section", "reply"]) {
    await db.schema.dropTable(table).execute();
  }
}
