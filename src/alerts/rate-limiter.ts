import { performance } from "node:perf_hooks";

/**
 * A platform-neutral pacer for outgoing messages: an overall rate (messages
 * spread evenly, never in bursts), a minimum interval per chat, and a budget
 * per minute for group chats. It keeps to the limits by itself, so a platform
 * never has to answer 429. Two priorities: an answer to a question takes the
 * next free slot; alert fan-out waits behind every answer.
 */

/** A platform's limits. */
export interface RateLimits {
  /** Messages per second overall (per bot or app). */
  readonly perSecond: number;
  /** Messages per minute overall; null or absent: no such limit. */
  readonly perMinute?: number | null;
  /** Minimum time between two messages to one chat. */
  readonly perChatIntervalMs: number;
  /** Messages per minute to one group chat; null: no such limit. */
  readonly perGroupPerMinute: number | null;
  /** Tells group chats from private ones (Telegram: negative ids). */
  readonly isGroup?: (chatId: string) => boolean;
  /** Headroom kept under each limit, as a share (0.03: pace 3% slower). Default 0.03. */
  readonly margin?: number;
}

/** Telegram: ~30 messages/s overall, 1/s per chat, 20/min per group (groups have negative ids). */
export const TELEGRAM_LIMITS: RateLimits = {
  perSecond: 30,
  perChatIntervalMs: 1000,
  perGroupPerMinute: 20,
  isGroup: (chatId) => chatId.startsWith("-"),
};

/**
 * Feishu: 50 messages/s and 1000/min per app, 5/s per chat (shared by every bot in a group).
 * Paced 8% under the per-second limit: with the minute's budget spent in about 20 s bursts,
 * arrivals bunched by the network tipped a 10,000-chat fan-out over 50/s three times at 3%,
 * and a long fan-out is bound by the minute's budget anyway.
 */
export const FEISHU_LIMITS: RateLimits = {
  perSecond: 50,
  perMinute: 1000,
  perChatIntervalMs: 200,
  perGroupPerMinute: null,
  margin: 0.08,
};

/** The console: no platform limits worth pacing to. */
export const CONSOLE_LIMITS: RateLimits = {
  perSecond: 1000,
  perChatIntervalMs: 0,
  perGroupPerMinute: null,
};

/** Limits by platform name. */
export const PLATFORM_LIMITS: Readonly<Record<string, RateLimits>> = {
  telegram: TELEGRAM_LIMITS,
  feishu: FEISHU_LIMITS,
  console: CONSOLE_LIMITS,
};

/** An answer to a question goes ahead of alerts. */
export type SendPriority = "answer" | "alert";

/** Paces one platform's sends. */
export interface RateLimiter {
  /**
   * Resolves when a message to `chatId` may go; the slot is taken then.
   * Rejects (and gives up its place) when `signal` aborts first.
   */
  acquire(chatId: string, priority?: SendPriority, signal?: AbortSignal): Promise<void>;
  /** Messages waiting for a slot. */
  readonly waiting: number;
}

interface Waiter {
  readonly chatId: string;
  readonly resolve: () => void;
}

const shared = new Map<string, RateLimiter>();

/**
 * The process's one limiter for a platform (its preset limits), shared by the
 * alert dispatcher and the adapter's answers so both count against one budget.
 */
export function sharedRateLimiter(platform: string): RateLimiter {
  let limiter = shared.get(platform);
  if (!limiter) {
    limiter = createRateLimiter(PLATFORM_LIMITS[platform] ?? CONSOLE_LIMITS);
    shared.set(platform, limiter);
  }
  return limiter;
}

/** Creates a limiter. */
export function createRateLimiter(limits: RateLimits): RateLimiter {
  const margin = 1 + (limits.margin ?? 0.03);
  const slotMs = (1000 / limits.perSecond) * margin;
  const chatIntervalMs = limits.perChatIntervalMs * margin;
  /** Missed slots made up after a late timer, in ms of the even pace. */
  const creditMs = Math.max(slotMs, 250);
  const groupWindowMs = 60_000 * margin;
  const queues: Record<SendPriority, Waiter[]> = { answer: [], alert: [] };
  const lastToChat = new Map<string, number>();
  const groupSends = new Map<string, number[]>();
  const minuteSends: number[] = [];
  const secondSends: number[] = [];
  let nextSlot = 0;
  let lastGrant = Number.NEGATIVE_INFINITY;
  let timerDueAt = 0;
  let stall = { ms: 0, at: Number.NEGATIVE_INFINITY };
  let timer: NodeJS.Timeout | null = null;

  /**
   * A recent stall of the event loop (a timer that fired late), while it can
   * matter: messages granted before it may reach the platform bunched with
   * those granted after, so the windows below stretch by it for a while.
   */
  const stallMs = (now: number): number =>
    now - stall.at < 1000 * margin + stall.ms ? stall.ms : 0;

  /** When a message to this chat may go, by the chat's own limits. */
  const chatReadyAt = (chatId: string, now: number): number => {
    let at = (lastToChat.get(chatId) ?? Number.NEGATIVE_INFINITY) + chatIntervalMs + stallMs(now);
    const sends = groupSends.get(chatId);
    if (limits.perGroupPerMinute && sends && sends.length >= limits.perGroupPerMinute) {
      at = Math.max(at, (sends[sends.length - limits.perGroupPerMinute] ?? 0) + groupWindowMs);
    }
    return at;
  };

  /**
   * When the next message may go overall: on an even pace (slots a starved
   * event loop missed are made up, at most a quarter second's worth), never more
   * than the limit in any second or minute (with the margin), never closer
   * than half a slot to the previous one.
   */
  const overallReadyAt = (now: number): number => {
    let at = Math.max(Math.max(nextSlot, now - creditMs), lastGrant + slotMs / 2);
    if (secondSends.length >= limits.perSecond)
      at = Math.max(
        at,
        (secondSends[secondSends.length - limits.perSecond] ?? 0) + 1000 * margin + stallMs(now),
      );
    const budget = limits.perMinute;
    if (budget && minuteSends.length >= budget)
      at = Math.max(at, (minuteSends[minuteSends.length - budget] ?? 0) + groupWindowMs);
    return at;
  };

  const remember = (times: number[], now: number, keep: number) => {
    times.push(now);
    if (times.length > keep) times.shift();
  };

  const take = (chatId: string, now: number) => {
    nextSlot = Math.max(nextSlot, now - creditMs) + slotMs;
    lastGrant = now;
    remember(secondSends, now, limits.perSecond);
    if (limits.perMinute) remember(minuteSends, now, limits.perMinute);
    lastToChat.set(chatId, now);
    if (limits.perGroupPerMinute && limits.isGroup?.(chatId)) {
      const sends = groupSends.get(chatId) ?? [];
      sends.push(now);
      while (sends.length > limits.perGroupPerMinute) sends.shift();
      groupSends.set(chatId, sends);
    }
    forgetOld(now);
  };

  /** Drops per-chat memory older than every limit it could still enforce. */
  const forgetOld = (now: number) => {
    if (lastToChat.size < 50_000) return;
    for (const [chat, at] of lastToChat)
      if (now - at > groupWindowMs) {
        lastToChat.delete(chat);
        groupSends.delete(chat);
      }
  };

  /** Grants the next slot to the first waiter, answers first, whose chat is ready. */
  const pump = () => {
    timer = null;
    const now = performance.now();
    const late = now - timerDueAt;
    if (late > 2 && late >= stallMs(now)) stall = { ms: late, at: now };
    const slotAt = overallReadyAt(now);
    if (now < slotAt) return schedule(slotAt - now);
    let soonest = Number.POSITIVE_INFINITY;
    for (const queue of [queues.answer, queues.alert]) {
      for (let i = 0; i < queue.length; i++) {
        const waiter = queue[i] as Waiter;
        const ready = chatReadyAt(waiter.chatId, now);
        if (ready <= now) {
          queue.splice(i, 1);
          take(waiter.chatId, now);
          waiter.resolve();
          return schedule(Math.max(0, overallReadyAt(performance.now()) - performance.now()));
        }
        soonest = Math.min(soonest, ready);
      }
    }
    if (soonest < Number.POSITIVE_INFINITY) schedule(soonest - now);
  };

  const schedule = (ms: number) => {
    if (queues.answer.length + queues.alert.length === 0) return;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.ceil(ms));
    timerDueAt = performance.now() + wait;
    timer = setTimeout(pump, wait);
  };

  return {
    acquire(chatId, priority = "alert", signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const queue = queues[priority];
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          chatId,
          resolve: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queues[priority].push(waiter);
        if (!timer) schedule(0);
        else if (priority === "answer") schedule(0);
      });
    },
    get waiting() {
      return queues.answer.length + queues.alert.length;
    },
  };
}
