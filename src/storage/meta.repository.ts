import { sql } from "kysely";
import type { Database } from "./database.ts";

const CORPUS_VERSION = "corpus_version";

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
