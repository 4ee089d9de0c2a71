import { describe, expect, it } from "vitest";
import { createExpiringCache } from "../../adapters/expiring-cache.ts";
import { createChatManagers } from "../../adapters/feishu/chat-managers.ts";
import { createChatAdmins } from "../../adapters/telegram/chat-admins.ts";

/** Counts loads per key. */
function counter() {
  const loads: string[] = [];
  const load = async (key: string) => {
    loads.push(key);
    return `v-${key}`;
  };
  return { loads, load };
}

describe("expiring cache", () => {
  it("drops expired entries on any access and reloads an expired key", async () => {
    let clock = 0;
    const cache = createExpiringCache<string, string>({
      ttlMs: 100,
      maxEntries: 10,
      now: () => clock,
    });
    const { loads, load } = counter();
    expect(await cache.get("a", load)).toBe("v-a");
    clock = 50;
    await cache.get("b", load);
    expect(await cache.get("a", load)).toBe("v-a");
    expect(cache.size).toBe(2);
    // "a" is past its time, "b" is not: asking for another key drops "a" alone.
    clock = 120;
    await cache.get("c", load);
    expect(cache.size).toBe(2);
    clock = 1000;
    await cache.get("b", load);
    expect(cache.size).toBe(1);
    expect(loads).toEqual(["a", "b", "c", "b"]);
  });

  it("keeps at most maxEntries, the oldest going first", async () => {
    const cache = createExpiringCache<string, string>({ ttlMs: 60_000, maxEntries: 3 });
    const { loads, load } = counter();
    for (const key of ["a", "b", "c", "d"]) await cache.get(key, load);
    expect(cache.size).toBe(3);
    await cache.get("b", load);
    await cache.get("d", load);
    expect(loads).toEqual(["a", "b", "c", "d"]);
    await cache.get("a", load);
    expect(loads).toEqual(["a", "b", "c", "d", "a"]);
    expect(cache.size).toBe(3);
  });

  it("shares one load between callers and keeps no failed one", async () => {
    const cache = createExpiringCache<string, string>({ ttlMs: 60_000, maxEntries: 3 });
    let calls = 0;
    let fail = true;
    const load = async (key: string) => {
      calls++;
      if (fail) throw new Error("down");
      return key;
    };
    const both = [cache.get("x", load), cache.get("x", load)];
    await expect(Promise.all(both)).rejects.toThrow("down");
    expect(calls).toBe(1);
    expect(cache.size).toBe(0);
    fail = false;
    expect(await cache.get("x", load)).toBe("x");
    expect(calls).toBe(2);
  });
});

describe("admin caches are bounded", () => {
  it("telegram: a group pushed out by the cap is asked again; an expired one too", async () => {
    const asked: number[] = [];
    const api = {
      async getChatAdministrators(chatId: number) {
        asked.push(chatId);
        return [{ status: "administrator", user: { id: 1, is_bot: false, first_name: "a" } }];
      },
    };
    let clock = 0;
    const admins = createChatAdmins(api as never, { maxEntries: 2, ttlMs: 1000, now: () => clock });
    for (const chat of [-1, -2, -3]) expect(await admins.isAdmin(chat, 1)).toBe(true);
    expect(await admins.isAdmin(-3, 2)).toBe(false);
    expect(await admins.isAdmin(-1, 1)).toBe(true);
    expect(asked).toEqual([-1, -2, -3, -1]);
    clock = 5000;
    await admins.isAdmin(-1, 1);
    expect(asked).toEqual([-1, -2, -3, -1, -1]);
  });

  it("feishu: a chat pushed out by the cap is asked again; an expired one too", async () => {
    const asked: string[] = [];
    const client = {
      async request(req: { url: string }) {
        asked.push(decodeURIComponent(req.url.split("/").pop() ?? ""));
        return { code: 0, data: { chat_mode: "group", owner_id: "ou_owner" } };
      },
    };
    let clock = 0;
    const managers = createChatManagers(client as never, {
      maxEntries: 2,
      ttlMs: 1000,
      now: () => clock,
    });
    for (const chat of ["oc_1", "oc_2", "oc_3"])
      expect(await managers.canManage(chat, "ou_owner")).toBe(true);
    expect(await managers.canManage("oc_3", "ou_other")).toBe(false);
    expect(await managers.canManage("oc_1", "ou_owner")).toBe(true);
    expect(asked).toEqual(["oc_1", "oc_2", "oc_3", "oc_1"]);
    clock = 5000;
    await managers.canManage("oc_1", "ou_owner");
    expect(asked).toEqual(["oc_1", "oc_2", "oc_3", "oc_1", "oc_1"]);
  });
});
