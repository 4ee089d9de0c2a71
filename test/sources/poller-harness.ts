import path from "node:path";
import type { LogFields, Logger } from "../../src/logger.ts";
import { SourcePoller, type SourcePollerOptions } from "../../src/sources/source-poller.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import {
  type DisclosureSite,
  type DisclosureSiteOptions,
  startDisclosureSite,
  startOtherHost,
} from "../fakes/disclosure-site.ts";
import { tempDir } from "../helpers/corpus.ts";

/** A log line kept by {@link recordingLogger}. */
export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields;
}

/** A logger that keeps every line. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      void lines.push({ level, message, fields });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A fixture site, the other host, a migrated database file, a clock and a way to make pollers. */
export async function pollerHarness(site: DisclosureSiteOptions = {}) {
  const other = await startOtherHost();
  const fake: DisclosureSite = await startDisclosureSite({
    slowMs: 5000,
    ...site,
    otherOrigin: other.origin,
  });
  const temp = tempDir("dafu-sources-");
  const file = path.join(temp.dir, "dafu.sqlite");
  const handles: Database[] = [];
  const open = async () => {
    const db = openDatabase(file);
    await migrateToLatest(db);
    handles.push(db);
    return db;
  };
  const db = await open();
  const clock = { now: 1_700_000_000_000 };
  const log = recordingLogger();
  const intervalMs = 60_000;
  const poller = (options: Partial<SourcePollerOptions> = {}) =>
    new SourcePoller({
      db,
      sources: [fake.listing],
      intervalMs,
      maxListingPages: 10,
      maxPageBytes: 1024 * 1024,
      timeoutMs: 400,
      politenessMs: 0,
      log,
      now: () => clock.now,
      ...options,
    });
  return {
    site: fake,
    other,
    db,
    file,
    open,
    clock,
    log,
    intervalMs,
    poller,
    async close() {
      for (const h of handles) await h.destroy();
      await fake.close();
      await other.close();
      temp.cleanup();
    },
  };
}

/** Source addresses of the stored replies, sorted. */
export async function storedSources(db: Database): Promise<string[]> {
  const rows = await db.selectFrom("reply").select("source_file").execute();
  return rows.map((r) => r.source_file).sort();
}
