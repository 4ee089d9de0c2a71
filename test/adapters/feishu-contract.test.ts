import { messageEvent } from "../fakes/feishu-events.ts";
import { FakeFeishuServer } from "../fakes/feishu-open-api.ts";
import { conversationContract } from "./conversation-contract.ts";
import { repliesTo, startFeishuHarness, visible } from "./feishu-harness.ts";

/**
 * The conversation contract over the long connection. Feishu has no command
 * registry and delivers group messages only when they @ the bot, so a
 * "command" in a group is `@bot /ask …`, and "another bot" is a mention of
 * someone else who happens to bear the bot's name.
 */
conversationContract("feishu", async () => {
  const fake = await FakeFeishuServer.start();
  const h = await startFeishuHarness({ mode: "ws", fake });
  const ask = async (event: ReturnType<typeof messageEvent>) => {
    await fake.push(event);
    await h.adapter.idle();
    const replies = repliesTo(fake, event.event.message.message_id);
    return replies.length > 0 ? replies.map(visible).join("\n") : null;
  };
  const forms = {
    mention: { how: "mention", text: (q: string) => q },
    command: { how: "mention", text: (q: string) => `/ask ${q}` },
    "other-bot": { how: "namesake", text: (q: string) => `/ask ${q}` },
    none: { how: "none", text: (q: string) => q },
  } as const;
  return {
    get db() {
      return h.app.db;
    },
    say: async (text) =>
      (await ask(messageEvent({ chatId: "oc_dm", chatType: "p2p", text }))) ?? "",
    sayInGroup: (text, how) =>
      ask(
        messageEvent({
          chatId: "oc_group",
          chatType: "group",
          how: forms[how].how,
          text: forms[how].text(text),
        }),
      ),
    async close() {
      await h.close();
      await fake.close();
    },
  };
});
