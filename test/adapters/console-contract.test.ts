import { PassThrough } from "node:stream";
import { createConsoleChat } from "../../adapters/console/console-chat.ts";
import { createAnswerer } from "../../src/answering/answerer.ts";
import { createConversation } from "../../src/answering/conversation.ts";
import { openTestApp } from "../helpers/app.ts";
import { conversationContract } from "./conversation-contract.ts";

conversationContract("console", async () => {
  const { app, cleanup } = await openTestApp();
  const input = new PassThrough();
  const output = new PassThrough();
  const conversation = createConversation({ answerer: createAnswerer(app), db: app.db });
  const chat = createConsoleChat(conversation, { input, output, interactive: false });
  const done = chat.start();
  // The console prints each reply in one write, so one chunk is one reply.
  const say = (text: string) =>
    new Promise<string>((resolve) => {
      output.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8")));
      input.write(`${text}\n`);
    });
  return {
    db: app.db,
    say,
    async close() {
      input.end();
      await done;
      await cleanup();
    },
  };
});
