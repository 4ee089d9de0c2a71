import { describe, expect, it } from "vitest";
import { canManageCheck, createChatAdmins } from "../../adapters/telegram/chat-admins.ts";

/** A fake of the one Bot API call the cache makes: counts calls, can fail once. */
function fakeApi(admins: number[]) {
  const api = {
    calls: 0,
    failNext: false,
    async getChatAdministrators(_chatId: number | string) {
      api.calls++;
      if (api.failNext) {
        api.failNext = false;
        throw new Error("network down");
      }
      return admins.map((id) => ({
        status: "administrator" as const,
        user: { id, is_bot: false, first_name: "a" },
      }));
    },
  };
  return api;
}

describe("telegram group admins", () => {
  it("asks once per chat within the cache time and again after it", async () => {
    const api = fakeApi([1]);
    let clock = 0;
    const admins = createChatAdmins(api as never, { ttlMs: 1000, now: () => clock });
    expect(await admins.isAdmin(-5, 1)).toBe(true);
    expect(await admins.isAdmin(-5, 2)).toBe(false);
    expect(api.calls).toBe(1);
    clock = 1000;
    expect(await admins.isAdmin(-5, 1)).toBe(true);
    expect(api.calls).toBe(2);
  });

  it("does not keep a failed call", async () => {
    const api = fakeApi([1]);
    api.failNext = true;
    const admins = createChatAdmins(api as never);
    await expect(admins.isAdmin(-5, 1)).rejects.toThrow("network down");
    expect(await admins.isAdmin(-5, 1)).toBe(true);
    expect(api.calls).toBe(2);
  });

  it("allows private chats and the group posting as itself without asking; refuses a linked channel", async () => {
    const api = fakeApi([]);
    const admins = createChatAdmins(api as never);
    const group = { id: -5, type: "supergroup" as const };
    expect(await canManageCheck(admins, { id: 9, type: "private" }, { id: 9 })()).toBe(true);
    expect(await canManageCheck(admins, group, { id: 1087968824 }, { id: -5 })()).toBe(true);
    expect(await canManageCheck(admins, group, { id: 136817688 }, { id: -100777 })()).toBe(false);
    expect(api.calls).toBe(0);
    expect(await canManageCheck(admins, group, { id: 3 })()).toBe(false);
    expect(api.calls).toBe(1);
  });
});
