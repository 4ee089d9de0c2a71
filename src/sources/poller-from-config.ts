import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Database } from "../storage/database.ts";
import { SourcePoller } from "./source-poller.ts";

/** The poller the settings describe (`DAFU_SOURCES` …), or null when no source is configured. */
export function pollerFromConfig(
  config: Config,
  deps: {
    readonly db: Database;
    readonly log: Logger;
    /** After a pass that added or revised replies: e.g. the search index takes them in at once. */
    readonly onIngested?: (count: number) => Promise<void> | void;
  },
): SourcePoller | null {
  const s = config.sources;
  if (s.addresses.length === 0) return null;
  return new SourcePoller({
    db: deps.db,
    sources: s.addresses,
    intervalMs: s.intervalS * 1000,
    maxListingPages: s.maxListingPages,
    maxPageBytes: Math.round(s.maxPageKb * 1024),
    timeoutMs: s.timeoutS * 1000,
    log: deps.log,
    timeZone: config.timeZone,
    gatherMs: config.alertGatherMs,
    onIngested: deps.onIngested,
  });
}
