import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Answerer, IncomingMessage } from "../../src/answering/answerer.ts";
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
const MORE = /^(?:\/more|更多|下一页)$/i;

/**
 * The terminal chat: one question per line, answered by the same core as the
 * chat platforms. `/quit` (or end of input) ends it; `更多` shows the next page.
 */
export function createConsoleChat(answerer: Answerer, options: ConsoleChatOptions): Adapter {
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
      let last: IncomingMessage | null = null;
      const prompt = () => interactive && options.output.write("答复> ");
      prompt();
      for await (const line of lines) {
        const text = line.trim();
        if (QUIT.test(text)) break;
        if (text === "") {
          prompt();
          continue;
        }
        const message: IncomingMessage =
          MORE.test(text) && last
            ? { text: last.text, page: (last.page ?? 1) + 1 }
            : { text, page: 1 };
        const reply = await answerer.answer(message);
        if (reply.kind === "answer") last = message;
        else if (!MORE.test(text)) last = null;
        write(renderText(reply, { ansi: interactive }));
        write("");
        prompt();
      }
      lines.close();
    },
    async stop() {
      lines?.close();
    },
  };
}
