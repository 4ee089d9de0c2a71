import { sql } from "kysely";
import type { Database } from "./database.ts";

const CORPUS_VERSION = "corpus_version";
const DATABASE_ID = "database_id";

/** Increments the corpus version (every added or revised reply changes it) and returns the new value. */
export async function bumpCorpusVersion(trx: Database): Promise<number> {
  const row = await trx
    .insertInto("meta")
    .values({ key: CORPUS_VERSION, value: "1" })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: sql`cast(value as integer) + 1` }))
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** The corpus version: 0 for an empty database, then +1 per added or revised reply. */
export async function corpusVersion(db: Database): Promise<number> {
  const row = await db
    .selectFrom("meta")
    .select("value")
    .where("key", "=", CORPUS_VERSION)
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** The random identity the database got when it was created (migration 0005). */
export async function databaseId(db: Database): Promise<string> {
  const row = await db
    .selectFrom("meta")
    .select("value")
    .where("key", "=", DATABASE_ID)
    .executeTakeFirst();
  return row?.value ?? "";
}

/** What a follower compares to notice any change: the version, and which replies exist (a removal bumps no version). */
export interface CorpusState {
  readonly version: number;
  readonly replies: number;
  /** Sum of the reply ids: with the count, tells a removal that an addition hides. */
  readonly idSum: number;
}

/** The corpus version, the number of replies and the sum of their ids, in one query. */
export async function corpusState(db: Database): Promise<CorpusState> {
  const { rows } = await sql<{ version: string | null; replies: number; idSum: number | null }>`
    select (select value from meta where key = ${CORPUS_VERSION}) as version,
           count(*) as replies, total(id) as idSum from reply`.execute(db);
  const row = rows[0];
  return {
    version: Number(row?.version ?? 0),
    replies: Number(row?.replies ?? 0),
    idSum: Number(row?.idSum ?? 0),
  };
}
