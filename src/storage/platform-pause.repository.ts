import type { AlertTables } from "./alert-tables.ts";
import { whileBusy } from "./busy-retry.ts";
import type { Database } from "./database.ts";

/**
 * Platform pauses every alert worker honours (a platform's rate limit):
 * the claim query skips a paused platform, and a send checks before it goes.
 */

const tables = (db: Database) => db.withTables<AlertTables>();

/** Pauses a platform's queue for every worker until `untilMs` (a later pause wins). */
export async function pausePlatform(
  db: Database,
  platform: string,
  untilMs: number,
  reason: string,
): Promise<void> {
  await whileBusy(() =>
    tables(db)
      .insertInto("platform_pause")
      .values({ platform, until: untilMs, reason })
      .onConflict((oc) =>
        oc
          .column("platform")
          .doUpdateSet({ until: untilMs, reason })
          .where("platform_pause.until", "<", untilMs),
      )
      .execute(),
  );
}

/** Until when the platform is paused, or null when it is not (now). */
export async function platformPausedUntil(
  db: Database,
  platform: string,
  now = Date.now(),
): Promise<number | null> {
  const row = await tables(db)
    .selectFrom("platform_pause")
    .select("until")
    .where("platform", "=", platform)
    .executeTakeFirst();
  return row && row.until > now ? row.until : null;
}
