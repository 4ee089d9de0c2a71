import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Conversation } from "../../src/answering/conversation.ts";
import type { MessageContext } from "../../src/answering/incoming-message.ts";
import type { Adapter } from "../adapter.ts";
import { renderText } from "./render-text.ts";

/** Options for {@link createConsoleChat}. */
export interface ConsoleChatOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** Bold matched terms with ANSI escapes and show a prompt. Default: when `output` is a TTY. */
  readonly interactive?: boolean;
  /** First lines printed, e.g. how many replies are loaded. */
  readonly greeting?: string;
}

const QUIT = /^(?:\/quit|\/exit|退出|再见)$/i;

/** The console is one private chat with one user. */
const CONSOLE_CONTEXT: MessageContext = {
  platform: "console",
  chatId: "console",
  chatType: "private",
  senderId: null,
  threadId: null,
  addressed: true,
  replyTo: null,
};

/**
 * The terminal chat: one question per line, answered by the same core as the
 * chat platforms. `/quit` (or end of input) ends it; `更多` shows the next page.
 */
export function createConsoleChat(
  conversation: Conversation,
  options: ConsoleChatOptions,
): Adapter {
  const interactive = options.interactive ?? (options.output as { isTTY?: boolean }).isTTY === true;
  const write = (text: string) => options.output.write(`${text}\n`);
  let lines: ReturnType<typeof createInterface> | undefined;
  return {
    name: "console",
    async start() {
      lines = createInterface({
        input: options.input,
        terminal: false,
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      if (options.greeting) write(`${options.greeting}\n`);
      const prompt = () => interactive && options.output.write("答复> ");
      prompt();
      for await (const line of lines) {
        const text = line.trim();
        if (QUIT.test(text)) break;
        if (text !== "") {
          const turn = await conversation.handle({ text, context: CONSOLE_CONTEXT });
          if (turn) write(`${renderText(turn.reply, { ansi: interactive })}\n`);
        }
        prompt();
      }
      lines.close();
    },
    async stop() {
      lines?.close();
    },
  };
}
