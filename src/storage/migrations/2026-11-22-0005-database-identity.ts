import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";

/**
 * Gives the database a random identity, created once. The search snapshot
 * carries it, so a snapshot left beside a database that was deleted and
 * re-created is never mistaken for the new one's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert or ignore into meta (key, value) values ('database_id', ${randomUUID()})`.execute(
    db,
  );
}

/** Forgets the identity. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from meta where key = 'database_id'`.execute(db);
}
