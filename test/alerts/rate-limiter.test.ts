import { describe, expect, it } from "vitest";
import {
  createRateLimiter,
  FEISHU_LIMITS,
  type SendPriority,
  TELEGRAM_LIMITS,
} from "../../src/alerts/rate-limiter.ts";
import { PlatformRateLimits, TELEGRAM_ENFORCED } from "../fakes/platform-rate-limits.ts";

/** Queues every request at once and returns the order slots were granted in. */
async function grantOrder(
  limiter: ReturnType<typeof createRateLimiter>,
  requests: readonly [string, SendPriority][],
): Promise<string[]> {
  const order: string[] = [];
  await Promise.all(
    requests.map(([chat, priority], n) =>
      limiter.acquire(chat, priority).then(() => order.push(`${priority}:${chat}#${n}`)),
    ),
  );
  return order;
}

describe("rate limiter", () => {
  it("gives an answer the next slot, ahead of alerts already waiting", async () => {
    const limiter = createRateLimiter({
      perSecond: 200,
      perChatIntervalMs: 0,
      perGroupPerMinute: null,
    });
    const order = await grantOrder(limiter, [
      ["1", "alert"],
      ["2", "alert"],
      ["3", "alert"],
      ["9", "answer"],
    ]);
    expect(order[0]).toBe("answer:9#3");
    expect(order.slice(1)).toEqual(["alert:1#0", "alert:2#1", "alert:3#2"]);
  });

  it("keeps a chat's interval: another chat's message goes in between", async () => {
    const limiter = createRateLimiter({
      perSecond: 200,
      perChatIntervalMs: 300,
      perGroupPerMinute: null,
    });
    const order = await grantOrder(limiter, [
      ["a", "alert"],
      ["a", "alert"],
      ["b", "alert"],
    ]);
    expect(order).toEqual(["alert:a#0", "alert:b#2", "alert:a#1"]);
  });

  it("holds a group's message once its budget for the minute is spent", async () => {
    const limiter = createRateLimiter({
      perSecond: 200,
      perChatIntervalMs: 0,
      perGroupPerMinute: 2,
      isGroup: (id) => id.startsWith("-"),
    });
    await grantOrder(limiter, [
      ["-1", "alert"],
      ["-1", "alert"],
      ["5", "alert"],
    ]);
    const abort = new AbortController();
    const third = limiter.acquire("-1", "alert", abort.signal);
    const other = limiter.acquire("6", "alert");
    await other;
    expect(limiter.waiting).toBe(1);
    abort.abort(new Error("gave up"));
    await expect(third).rejects.toThrow("gave up");
    expect(limiter.waiting).toBe(0);
  });

  it("paces a burst so the fake's enforced limits refuse nothing", async () => {
    const limits = { ...TELEGRAM_LIMITS, perSecond: 100 };
    const limiter = createRateLimiter(limits);
    const enforced = new PlatformRateLimits({ ...TELEGRAM_ENFORCED, perSecond: 100 });
    const chats = Array.from({ length: 150 }, (_, n) => String(n % 2 ? n : -n - 1));
    await Promise.all(chats.map((chat) => limiter.acquire(chat).then(() => enforced.check(chat))));
    expect(enforced.accepted).toBe(150);
    expect(enforced.refusedTotal).toBe(0);
  });

  it("has presets for Telegram and Feishu from their documented limits", () => {
    expect(TELEGRAM_LIMITS).toMatchObject({
      perSecond: 30,
      perChatIntervalMs: 1000,
      perGroupPerMinute: 20,
    });
    expect(TELEGRAM_LIMITS.isGroup?.("-100123")).toBe(true);
    expect(FEISHU_LIMITS).toMatchObject({ perSecond: 50, perMinute: 1000, perChatIntervalMs: 200 });
  });
});
