import { type Kysely, sql } from "kysely";

/**
 * Proposal numbers and 文号 serials as text: `proposal_key` holds the
 * comparable form of a proposal number (`丽15`, `A78`, `20230158`, never cut
 * to an integer) and `doc_serial_key` a 文号 serial with its sub-number (`18-5`).
 * Rows stored before held only digits: their keys are the digits without
 * leading zeros, and the serial as text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("reply").addColumn("proposal_key", "text").execute();
  await db.schema.alterTable("reply").addColumn("doc_serial_key", "text").execute();
  await sql`update reply set proposal_key = case when ltrim(proposal_number, '0') = '' then '0'
    else ltrim(proposal_number, '0') end where proposal_number glob '[0-9]*'`.execute(db);
  await sql`update reply set doc_serial_key = cast(doc_serial as text) where doc_serial is not null`.execute(
    db,
  );
  await db.schema.createIndex("reply_proposal_key").on("reply").column("proposal_key").execute();
}

/** Drops what {@link up} added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("reply_proposal_key").execute();
  await db.schema.alterTable("reply").dropColumn("doc_serial_key").execute();
  await db.schema.alterTable("reply").dropColumn("proposal_key").execute();
}
