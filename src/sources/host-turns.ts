import { type Database, writeTransaction } from "../storage/database.ts";
import { pause } from "./politeness.ts";

/**
 * Turns at a host shared through the database, so that several processes
 * polling sources on one host still send one request at a time, spaced by
 * the politeness interval. A turn is held for at most `holdMs` (a process
 * that dies mid-request does not block the host for longer).
 */

/** What {@link HostGate} asks before and after each request. */
export interface HostTurns {
  /** Resolves once this process holds the host's turn. */
  take(host: string, signal?: AbortSignal): Promise<void>;
  /** Gives the turn back; the next request to the host starts no sooner than `nextAt` (epoch ms). */
  give(host: string, nextAt: number): Promise<void>;
}

type HostTables = { source_host: { host: string; holder: string | null; next_at: number } };

/** Host turns kept in the `source_host` table (migration 0011). */
export function databaseHostTurns(db: Database, holder: string, holdMs: number): HostTurns {
  const t = db.withTables<HostTables>();
  const tryTake = (host: string) =>
    writeTransaction(db, async (trx) => {
      const tx = trx.withTables<HostTables>();
      const now = Date.now();
      const row = await tx
        .selectFrom("source_host")
        .select("next_at")
        .where("host", "=", host)
        .executeTakeFirst();
      if (row && row.next_at > now) return row.next_at - now;
      await tx
        .insertInto("source_host")
        .values({ host, holder, next_at: now + holdMs })
        .onConflict((oc) => oc.column("host").doUpdateSet({ holder, next_at: now + holdMs }))
        .execute();
      return 0;
    });
  return {
    async take(host, signal) {
      for (let wait = await tryTake(host); wait > 0; wait = await tryTake(host)) {
        // Another process holds the host or rests it: look again when it is due (or sooner).
        await pause(Math.min(wait, 1000), signal);
      }
    },
    async give(host, nextAt) {
      await t
        .updateTable("source_host")
        .set({ holder: null, next_at: nextAt })
        .where("host", "=", host)
        .where("holder", "=", holder)
        .execute();
    },
  };
}
