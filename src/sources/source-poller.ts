import { randomBytes } from "node:crypto";
import type { Logger } from "../logger.ts";
import type { Database } from "../storage/database.ts";
import {
  type ClaimRule,
  claimSource,
  ensureSources,
  finishRound,
  releaseClaim,
  renewClaim,
  type SourceTable,
} from "../storage/source.repository.ts";
import { databaseHostTurns } from "./host-turns.ts";
import { DEFAULT_POLITENESS_MS, HostGate } from "./politeness.ts";
import { pollSourceOnce, type RoundReport } from "./source-round.ts";

/**
 * Follows government disclosure columns: each source is polled every
 * interval (claimed in the database first, so of several bot processes only
 * one polls it in a round), a failing source is backed off, doubling up to a
 * day, and every new or changed reply goes through `storeReply`.
 */

/** Settings and collaborators of a {@link SourcePoller}. */
export interface SourcePollerOptions {
  readonly db: Database;
  /** Listing addresses (`DAFU_SOURCES`). */
  readonly sources: readonly string[];
  readonly intervalMs: number;
  readonly maxListingPages: number;
  readonly maxPageBytes: number;
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Pause between two requests to one host. Default 1 s; tests and figures may lower it. */
  readonly politenessMs?: number;
  /** How long a claim lasts without renewal. Default 10 min. */
  readonly leaseMs?: number;
  /** Clock for schedules and claims (not for politeness). */
  readonly now?: () => number;
  /** Told after a source's round that added or revised replies (e.g. the index follower syncs). */
  readonly onIngested?: (count: number) => Promise<void> | void;
  /** Zone of the chats' digest and quiet hours, for the alerts a stored reply enqueues (config `timeZone`). */
  readonly timeZone?: string;
  /** Gather window of the instant alerts a stored reply enqueues (config `alertGatherMs`). */
  readonly gatherMs?: number;
  /** Told about every request sent. */
  readonly onRequest?: (url: string) => void;
}

/** A failing source waits at most this long: a day. */
export const MAX_BACKOFF_MS = 24 * 3600 * 1000;
const DEFAULT_LEASE_MS = 10 * 60 * 1000;

/** Polls the configured sources, on a timer (`start`) or once (`pollOnce`). */
export class SourcePoller {
  /** Names this poller's claims in the database. */
  readonly id = `poller-${process.pid}-${randomBytes(4).toString("hex")}`;
  private readonly gate: HostGate;
  private readonly now: () => number;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SourcePollerOptions) {
    // A turn is held at most as long as a request may take, plus a margin.
    const turns = databaseHostTurns(options.db, this.id, options.timeoutMs + 5000);
    this.gate = new HostGate(options.politenessMs ?? DEFAULT_POLITENESS_MS, turns);
    this.now = options.now ?? Date.now;
  }

  /** Polls every source that is due, now and then every tick, until {@link stop}. */
  start(): void {
    if (this.timer || this.options.sources.length === 0) return;
    const tickMs = Math.min(this.options.intervalMs, 60_000);
    const tick = () => {
      this.running = this.pollDue()
        .catch((error) => {
          if (!this.abort.signal.aborted) this.options.log.error("source poll failed", { error });
        })
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, tickMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops the timer, aborts requests in flight and waits for the round to end. */
  async stop(): Promise<void> {
    this.abort.abort(new Error("poller stopped"));
    clearTimeout(this.timer);
    await this.running;
  }

  /** One scheduled pass: polls the sources whose next poll time has come. */
  pollDue(): Promise<RoundReport[]> {
    return this.pollAll({ due: true, intervalMs: this.options.intervalMs });
  }

  /**
   * Polls every source once (for cron): all but those another poller is
   * polling, those polled since this call began, and those backed off.
   */
  pollOnce(): Promise<RoundReport[]> {
    return this.pollAll({ due: false, since: this.now() });
  }

  private async pollAll(mode: ClaimRule["mode"]): Promise<RoundReport[]> {
    const rows = await ensureSources(this.options.db, this.options.sources, this.now());
    // Sources on different hosts go in parallel; the gate keeps each host to one request at a time.
    const checked = new Set<string>();
    return Promise.all(rows.map((row) => this.pollSource(row, mode, checked)));
  }

  private async pollSource(
    row: SourceTable,
    mode: ClaimRule["mode"],
    checked: Set<string>,
  ): Promise<RoundReport> {
    const { db } = this.options;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const started = this.now();
    const claimed = await claimSource(db, row.id, { by: this.id, now: started, leaseMs, mode });
    if (!claimed) return idle(db, row, started);
    const deps = this.roundDeps(row, checked, started, leaseMs);
    let report: RoundReport;
    try {
      report = await pollSourceOnce(deps, row.address);
    } catch (error) {
      // Shutting down (or a database error): give the source back for another poller.
      await releaseClaim(db, row.id, this.id).catch(() => undefined);
      throw error;
    }
    await this.finish(row, started, report);
    const ingested = (report.pages.added ?? 0) + (report.pages.revised ?? 0);
    if (ingested > 0) await this.options.onIngested?.(ingested);
    return report;
  }

  /** What one source's round needs; the claim is renewed as the round goes on. */
  private roundDeps(row: SourceTable, checked: Set<string>, started: number, leaseMs: number) {
    const { db, log } = this.options;
    let renewedAt = started;
    return {
      db,
      log,
      sourceId: row.id,
      now: this.now,
      maxListingPages: this.options.maxListingPages,
      timeZone: this.options.timeZone,
      gatherMs: this.options.gatherMs,
      checked,
      fetch: {
        gate: this.gate,
        timeoutMs: this.options.timeoutMs,
        maxBytes: this.options.maxPageBytes,
        signal: this.abort.signal,
        onRequest: this.options.onRequest,
      },
      keepAlive: async () => {
        if (this.now() - renewedAt < leaseMs / 4) return true;
        renewedAt = this.now();
        return renewClaim(db, row.id, this.id, renewedAt + leaseMs);
      },
    };
  }

  private async finish(row: SourceTable, started: number, report: RoundReport): Promise<void> {
    const at = this.now();
    const ingested = (report.pages.added ?? 0) + (report.pages.revised ?? 0);
    if (report.status === "polled") {
      const nextAt = started + this.options.intervalMs;
      await finishRound(this.options.db, row.id, this.id, { ok: true, at, nextAt, ingested });
      return;
    }
    const failures = row.consecutive_failures + 1;
    const wait = Math.min(this.options.intervalMs * 2 ** failures, MAX_BACKOFF_MS);
    const error = report.error ?? "unknown error";
    await finishRound(this.options.db, row.id, this.id, {
      ok: false,
      at,
      nextAt: at + wait,
      error,
      failures,
      ingested,
    });
    this.options.log.warn("source failing; backed off", {
      address: row.address,
      error,
      failures,
      retryAt: new Date(at + wait).toISOString(),
    });
  }
}

/** Why a source was not claimed: another poller holds it ("busy"), or it is not due ("resting"). */
async function idle(db: Database, row: SourceTable, now: number): Promise<RoundReport> {
  const [current] = await ensureSources(db, [row.address], now);
  const busy = current?.claim_until != null && current.claim_until >= now;
  return { address: row.address, status: busy ? "busy" : "resting", listingPages: 0, pages: {} };
}
