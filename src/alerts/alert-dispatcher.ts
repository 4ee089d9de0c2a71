import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import type { Logger } from "../logger.ts";
import {
  type ClaimedAlert,
  claimDue,
  markFailed,
  moveChat,
  platformPausedUntil,
  recordMessageKey,
  release,
} from "../storage/alert-outbox.repository.ts";
import type { Database } from "../storage/database.ts";
import { type PreparedAlert, prepareAlerts } from "./alert-items.ts";
import type { AlertSender } from "./alert-types.ts";
import { PLATFORM_LIMITS, type RateLimiter, sharedRateLimiter } from "./rate-limiter.ts";
import { createOutcomeRecorder, type DispatcherStats, sendSafely } from "./send-outcomes.ts";
import { createSentRecorder } from "./sent-recorder.ts";

export { type DispatcherStats, MAX_REFUSED_ATTEMPTS } from "./send-outcomes.ts";

/**
 * Delivers the alert outbox: polls for due rows (about every second, and at
 * once when poked), claims them under a lease, groups each chat's rows into
 * one message, sends across chats at the pace the platform allows, and
 * records each outcome. A row is done only once the platform confirmed it.
 */

/** What {@link createAlertDispatcher} takes. */
export interface AlertDispatcherOptions {
  readonly db: Database;
  readonly senders: readonly AlertSender[];
  /** Pacer per platform; default the process's shared one ({@link sharedRateLimiter}). */
  readonly limiters?: Readonly<Record<string, RateLimiter>>;
  readonly now?: () => number;
  /** Default random per dispatcher. */
  readonly workerId?: string;
  /** Poll interval. Default 1000 ms. */
  readonly pollMs?: number;
  /** Claim lease. Default 60 s. */
  readonly leaseMs?: number;
  /** Rows claimed per platform per round. Default ten seconds' worth of the platform's rate. */
  readonly batchSize?: number;
  /** Messages in flight per platform. Default 16. */
  readonly concurrency?: number;
  readonly log?: Logger;
  /** First wait before recording a confirmed send again after the write failed. Default 200 ms. */
  readonly recordRetryMs?: number;
  /** Told after each confirmed send is recorded (`performance.now()` of the commit); for benches. */
  readonly onRecorded?: (chatId: string, rowIds: readonly number[], committedAt: number) => void;
}

/** The dispatcher. */
export interface AlertDispatcher {
  /** Starts polling. */
  start(): void;
  /** Stops polling; sends in flight finish, rows not yet sent are released at once. */
  stop(): Promise<void>;
  /** One round over every platform; resolves with the rows it settled (sent, released or failed). */
  runOnce(): Promise<number>;
  /** Polls now (new rows were written). */
  poke(): void;
  readonly workerId: string;
  readonly stats: DispatcherStats;
}

/** Creates a dispatcher; nothing runs until {@link AlertDispatcher.start} or `runOnce`. */
export function createAlertDispatcher(options: AlertDispatcherOptions): AlertDispatcher {
  const { db } = options;
  const now = options.now ?? Date.now;
  const workerId = options.workerId ?? `w-${randomBytes(6).toString("hex")}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const stats: DispatcherStats = {
    sent: 0,
    rowsSent: 0,
    rateLimited: 0,
    transient: 0,
    rejected: 0,
    migrated: 0,
    undeliverable: 0,
    confirmToCommitMs: [],
  };
  const abort = new AbortController();
  // Every message waiting for a slot listens for the stop.
  setMaxListeners(0, abort.signal);
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let poked = false;

  const limiterFor = (platform: string) =>
    options.limiters?.[platform] ?? sharedRateLimiter(platform);

  const sent = createSentRecorder({ db, now, log: options.log, retryMs: options.recordRetryMs });
  const { backoff, record } = createOutcomeRecorder({ db, now, stats, log: options.log });

  /** Sends one chat's message and records what came of it. */
  const deliver = async (sender: AlertSender, alert: PreparedAlert, rows: ClaimedAlert[]) => {
    const { platform } = sender;
    const ids = alert.rowIds;
    let target = alert.target;
    const attempts = Math.max(...rows.map((r) => r.attempts));
    const claimUntil = Math.min(...rows.map((r) => r.claimUntil));
    const claimedBy = rows[0]?.claimedBy ?? workerId;
    const releaseRows = (error: string, retryAt: number, count = true) =>
      release(db, ids, { claimedBy, error, retryAt, countAttempt: count });
    // The message's key on its rows before it is first sent: a retry sends these rows under it.
    if (rows.some((r) => r.messageKey === null))
      await recordMessageKey(db, ids, target.key, claimedBy);
    // Sent before, but the record failed: record it now rather than send it again.
    const sentBefore = sent.unrecorded(target.key);
    if (sentBefore !== undefined) return void (await sent.record(ids, target.key, sentBefore));
    for (let hop = 0; hop < 3; hop++) {
      if (abort.signal.aborted) return releaseRows("stopped", now(), false);
      try {
        await limiterFor(platform).acquire(target.chatId, "alert", abort.signal);
      } catch {
        return releaseRows("stopped", now(), false);
      }
      // Too little lease left: another worker may take the rows meanwhile; give them back unsent.
      if (claimUntil - now() < Math.min(5000, leaseMs / 4))
        return releaseRows("lease ran short", now(), false);
      const pausedUntil = await platformPausedUntil(db, platform, now());
      if (pausedUntil) return releaseRows("platform paused", pausedUntil, false);
      const outcome = await sendSafely(sender, target, alert);
      const confirmedAt = performance.now();
      if (outcome.kind === "migrated") {
        stats.migrated++;
        await moveChat(db, platform, target.chatId, outcome.newChatId, now());
        target = { ...target, chatId: outcome.newChatId };
        continue;
      }
      if (outcome.kind === "sent") {
        if (!(await sent.record(ids, target.key, outcome.messageId))) return;
        stats.sent++;
        stats.rowsSent += ids.length;
        const committedAt = performance.now();
        stats.confirmToCommitMs.push(committedAt - confirmedAt);
        options.onRecorded?.(target.chatId, ids, committedAt);
        return;
      }
      await record(platform, target.chatId, outcome, { ids, attempts, release: releaseRows });
      return;
    }
    await releaseRows("migrated more than twice", backoff(attempts));
  };

  /** Rows claimed and not yet settled, per platform; and the sends under way. */
  const inFlight = new Map<string, number>();
  const flights = new Set<Promise<void>>();

  /**
   * One round for one platform: claims due rows (topping up to a batch once
   * less than half a batch is still under way, so the pacer never runs dry
   * between batches) and sends them; `wait`: until all are settled.
   */
  const roundFor = async (sender: AlertSender, wait: boolean): Promise<number> => {
    const { platform } = sender;
    const perSecond = PLATFORM_LIMITS[platform]?.perSecond ?? 30;
    const limit = options.batchSize ?? Math.max(10, Math.round(perSecond * 10));
    const busy = inFlight.get(platform) ?? 0;
    if (busy > limit / 2) return 0;
    const rows = await claimDue(db, {
      workerId,
      platform,
      limit: limit - busy,
      leaseMs,
      now: now(),
    });
    if (rows.length === 0) return 0;
    inFlight.set(platform, (inFlight.get(platform) ?? 0) + rows.length);
    const flight = sendAll(sender, rows)
      .catch((error) => options.log?.error("alert sends failed", { error: String(error) }))
      .finally(() => {
        inFlight.set(platform, (inFlight.get(platform) ?? 0) - rows.length);
        flights.delete(flight);
        wake?.();
      });
    flights.add(flight);
    if (wait) await flight;
    return rows.length;
  };

  const sendAll = async (sender: AlertSender, rows: readonly ClaimedAlert[]) => {
    const { prepared, orphans } = await prepareAlerts(db, rows);
    await markFailed(db, orphans, "reply no longer stored");
    const byId = new Map(rows.map((r) => [r.id, r]));
    await pool(prepared, options.concurrency ?? 16, (alert) =>
      deliver(
        sender,
        alert,
        alert.rowIds.map((id) => byId.get(id) as ClaimedAlert),
      ),
    );
  };

  const runOnce = async (): Promise<number> => {
    const counts = await Promise.all(options.senders.map((s) => roundFor(s, true)));
    return counts.reduce((a, b) => a + b, 0);
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      let claimed = 0;
      try {
        const counts = await Promise.all(options.senders.map((s) => roundFor(s, false)));
        claimed = counts.reduce((a, b) => a + b, 0);
      } catch (error) {
        options.log?.error("alert round failed", { error: String(error) });
      }
      if (claimed > 0 || abort.signal.aborted) continue;
      if (poked) {
        poked = false;
        continue;
      }
      // While sends are under way, look again soon to top the batch up.
      const pollMs = options.pollMs ?? 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, flights.size > 0 ? Math.min(pollMs, 200) : pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  };

  return {
    workerId,
    stats,
    runOnce,
    start() {
      running ??= loop();
    },
    async stop() {
      abort.abort(new Error("dispatcher stopped"));
      wake?.();
      await running;
      await Promise.allSettled([...flights]);
    },
    poke() {
      poked = true;
      wake?.();
    },
  };
}

/** Runs `work` over `items`, at most `size` at a time. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, runner));
}
