import { performance } from "node:perf_hooks";

/**
 * Rate limits the fake platform servers enforce when a test or bench turns
 * them on: an overall rate per second (and optionally per minute), a minimum
 * interval per chat, and a budget per minute for group chats. A send over a
 * limit is refused the way the platform refuses it (Telegram 429 with
 * `retry_after`; Feishu 99991400 with `x-ogw-ratelimit-reset`, or 230020 for
 * one chat), and counted, so a bench can report the 429s a sender received.
 */

/** Limits one fake enforces. */
export interface EnforcedLimits {
  /** Accepted sends in any 1-second window. */
  readonly perSecond: number;
  /** Accepted sends in any 60-second window; null: none. */
  readonly perMinute: number | null;
  /** Minimum ms between two accepted sends to one chat. */
  readonly perChatIntervalMs: number;
  /** Accepted sends to one group in any 60-second window; null: none. */
  readonly perGroupPerMinute: number | null;
  readonly isGroup: (chatId: string) => boolean;
}

/** Telegram's documented limits: 30/s overall, 1/s per chat, 20/min per group (negative ids). */
export const TELEGRAM_ENFORCED: EnforcedLimits = {
  perSecond: 30,
  perMinute: null,
  perChatIntervalMs: 1000,
  perGroupPerMinute: 20,
  isGroup: (chatId) => chatId.startsWith("-"),
};

/** Feishu's documented limits: 50/s and 1000/min per app, 5/s per chat. */
export const FEISHU_ENFORCED: EnforcedLimits = {
  perSecond: 50,
  perMinute: 1000,
  perChatIntervalMs: 200,
  perGroupPerMinute: null,
  isGroup: () => false,
};

/** Which limit refused a send. */
export type LimitScope = "overall" | "minute" | "chat" | "group";

/** The verdict on one send. */
export type LimitVerdict = { ok: true } | { ok: false; scope: LimitScope; retryAfterMs: number };

/** Sliding-window counters over accepted sends. */
export class PlatformRateLimits {
  accepted = 0;
  readonly refused: Record<LimitScope, number> = { overall: 0, minute: 0, chat: 0, group: 0 };
  private readonly lastSecond: number[] = [];
  private readonly lastMinute: number[] = [];
  private readonly lastToChat = new Map<string, number>();
  private readonly groupSends = new Map<string, number[]>();

  constructor(
    readonly limits: EnforcedLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Refusals in all. */
  get refusedTotal(): number {
    return Object.values(this.refused).reduce((a, b) => a + b, 0);
  }

  /** Checks a send to `chatId` (null: no chat known) and counts it when accepted. */
  check(chatId: string | null): LimitVerdict {
    const now = this.clock();
    const verdict = this.verdict(chatId, now);
    if (!verdict.ok) {
      this.refused[verdict.scope]++;
      return verdict;
    }
    this.accepted++;
    this.lastSecond.push(now);
    if (this.limits.perMinute) this.lastMinute.push(now);
    if (chatId !== null) {
      this.lastToChat.set(chatId, now);
      if (this.limits.perGroupPerMinute && this.limits.isGroup(chatId)) {
        const sends = this.groupSends.get(chatId) ?? [];
        sends.push(now);
        this.groupSends.set(chatId, sends);
      }
    }
    return verdict;
  }

  private verdict(chatId: string | null, now: number): LimitVerdict {
    const second = trim(this.lastSecond, now - 1000);
    if (second.length >= this.limits.perSecond)
      return { ok: false, scope: "overall", retryAfterMs: (second[0] as number) + 1000 - now };
    if (this.limits.perMinute) {
      const minute = trim(this.lastMinute, now - 60_000);
      if (minute.length >= this.limits.perMinute)
        return { ok: false, scope: "minute", retryAfterMs: (minute[0] as number) + 60_000 - now };
    }
    if (chatId === null) return { ok: true };
    const last = this.lastToChat.get(chatId);
    if (last !== undefined && now - last < this.limits.perChatIntervalMs)
      return { ok: false, scope: "chat", retryAfterMs: last + this.limits.perChatIntervalMs - now };
    const group = this.groupSends.get(chatId);
    if (group && this.limits.perGroupPerMinute) {
      trim(group, now - 60_000);
      if (group.length >= this.limits.perGroupPerMinute)
        return { ok: false, scope: "group", retryAfterMs: (group[0] as number) + 60_000 - now };
    }
    return { ok: true };
  }
}

/** Drops times at or before `since` from the front; returns the array. */
function trim(times: number[], since: number): number[] {
  let drop = 0;
  while (drop < times.length && (times[drop] as number) <= since) drop++;
  if (drop > 0) times.splice(0, drop);
  return times;
}

const TELEGRAM_SENDS = new Set(["sendmessage", "editmessagetext", "sendphoto", "senddocument"]);

/**
 * A gate for {@link FakeTelegramServer.gate}: sends over a limit get 429
 * `Too Many Requests: retry after N` with `retry_after` (whole seconds, as Telegram).
 */
export function telegramRateGate(limits: PlatformRateLimits) {
  return (method: string, payload: Record<string, unknown>) => {
    if (!TELEGRAM_SENDS.has(method.toLowerCase())) return null;
    const chat = payload.chat_id === undefined ? null : String(payload.chat_id);
    const verdict = limits.check(chat);
    if (verdict.ok) return null;
    const retryAfter = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    return { code: 429, description: `Too Many Requests: retry after ${retryAfter}`, retryAfter };
  };
}

/**
 * A gate for {@link FakeFeishuServer.gate}: an app-wide limit answers HTTP 429
 * code 99991400 with `x-ogw-ratelimit-reset` (seconds); one chat's limit
 * answers 400 code 230020. Only `create` names its chat.
 */
export function feishuRateGate(limits: PlatformRateLimits) {
  return (route: string, body: Record<string, unknown>) => {
    if (route !== "create" && route !== "reply") return null;
    const chat = route === "create" && body.receive_id ? String(body.receive_id) : null;
    const verdict = limits.check(chat);
    if (verdict.ok) return null;
    if (verdict.scope === "chat") return { status: 400, code: 230020 };
    const reset = String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)));
    return { status: 429, code: 99991400, headers: { "x-ogw-ratelimit-reset": reset } };
  };
}
