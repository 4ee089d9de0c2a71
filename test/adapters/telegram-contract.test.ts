import { conversationContract } from "./conversation-contract.ts";
import {
  ADMIN_GROUP,
  ALICE,
  answersTo,
  answerTo,
  PRIVATE_CHAT,
  startTelegramHarness,
  visibleText,
} from "./telegram-harness.ts";

conversationContract("telegram", async () => {
  const h = await startTelegramHarness();
  const bot = `@${h.fake.bot.username}`;
  const ask = async (chatId: number, text: string) => {
    const { message } = h.fake.userSays(chatId, ALICE, text);
    return { message, reply: visibleText(await answerTo(h.fake, chatId, message.message_id)) };
  };
  const forms = {
    mention: (q: string) => `${bot} ${q}`,
    command: (q: string) => `/ask${bot} ${q}`,
    "other-bot": (q: string) => `/ask@OtherBot ${q}`,
    none: (q: string) => q,
  };
  return {
    get db() {
      return h.app.db;
    },
    say: async (text) => (await ask(PRIVATE_CHAT.id, text)).reply,
    async sayInGroup(text, how) {
      const { message } = h.fake.userSays(ADMIN_GROUP.id, ALICE, forms[how](text));
      if (how === "mention" || how === "command")
        return visibleText(await answerTo(h.fake, ADMIN_GROUP.id, message.message_id));
      // Messages of one chat are handled in order: once a later one is answered, this one was handled.
      await ask(ADMIN_GROUP.id, `/help${bot}`);
      const answers = answersTo(h.fake, ADMIN_GROUP.id, message.message_id);
      return answers.length > 0 ? answers.map(visibleText).join("\n") : null;
    },
    close: () => h.close(),
  };
});
